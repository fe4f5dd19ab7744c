-- The report against itself: each identity in `published_identities` (rows against their
-- printed total, subtotals against their groups, text against tables) with the value the
-- printed parts give and how far the printed total is from it.
with

identities as (
    select * from {{ ref('published_identities') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

valued as (
    select
        identities.edition_id,
        identities.identity_id,
        identities.section,
        identities.description,
        identities.operation,
        identities.role,
        identities.figure_id,
        published.value,
        published.decimals
    from identities
    inner join published
        on
            identities.edition_id = published.edition_id
            and identities.figure_id = published.figure_id
),

totals as (
    select
        edition_id,
        identity_id,
        section,
        description,
        operation,
        figure_id as total_figure_id,
        value as printed_total,
        decimals
    from valued
    where role = 'total'
),

parts as (
    select
        edition_id,
        identity_id,
        count(*) as parts_count,
        sum(value) as parts_sum
    from valued
    where role = 'part'
    group by edition_id, identity_id
),

final as (
    select
        totals.edition_id,
        totals.identity_id,
        totals.section,
        totals.description,
        totals.operation,
        totals.total_figure_id,
        totals.decimals,
        parts.parts_count,
        totals.printed_total,
        case
            when totals.operation = 'count' then cast(parts.parts_count as double)
            else parts.parts_sum
        end as derived_value
    from totals
    inner join parts
        on
            totals.edition_id = parts.edition_id
            and totals.identity_id = parts.identity_id
)

select * from final
