with

source as (
    select * from {{ source('ingestion', 'extract_loads') }}
),

renamed as (
    select
        load_id,
        source as source_name,
        file_name,
        sha256,
        size_bytes,
        location,
        is_demo,
        landed_at,
        loaded_at,
        encoding,
        sheet,
        data_lines,
        rows_loaded,
        rows_quarantined,
        rows_skipped,
        rows_blank,
        lines_joined,
        cells_truncated,
        retired_at
    from source
)

select * from renamed
