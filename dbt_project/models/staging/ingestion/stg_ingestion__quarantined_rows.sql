with

source as (
    select * from {{ source('ingestion', 'quarantine') }}
),

renamed as (
    select
        load_id,
        source as source_name,
        file_name,
        sha256,
        line_number,
        reason,
        redacted_line
    from source
)

select * from renamed
