-- A load whose quarantined share exceeds the threshold means the file changed shape or the
-- contract is wrong: stop the refresh rather than publish figures built on part of a file.
{{ config(severity='error') }}

with

loads as (
    select * from {{ ref('stg_ingestion__extract_loads') }}
),

final as (
    select
        load_id,
        source_name,
        file_name,
        rows_loaded,
        rows_quarantined
    from loads
    where
        rows_quarantined
        > {{ var('quarantine_max_share', 0.01) }} * (rows_loaded + rows_quarantined)
)

select * from final
