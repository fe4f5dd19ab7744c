-- A load whose quarantine exceeds the threshold means the file changed shape or the
-- contract is wrong: stop the refresh rather than publish figures built on part of a file.
-- The threshold is a share of the file's rows, but never fewer than a handful of rows, so
-- one mistyped line in a small office spreadsheet does not stop the night.
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
        rows_quarantined > greatest(
            {{ var('quarantine_max_rows') }},
            {{ var('quarantine_max_share') }} * (rows_loaded + rows_quarantined)
        )
)

select * from final
