-- The planning-sheet rows behind each part III figure and what each contributes: summing
-- `contribution` per figure gives the figure back. Table cells: each plaza row adds its
-- expected audience, each dialogue or protection-network row its quantity. Targets of the
-- text, as the seed `plan_2021_metas` aggregates them: a sum adds each row's quantity; the
-- semester minimum adds the rows of the semester with least planned (none when a semester
-- has nothing planned); a threshold is the row that sets it; a count of comunas adds one
-- per comuna on its first row.
with

actividades as (
    select * from {{ ref('plan_2021_actividades') }}
),

metas as (
    select * from {{ ref('plan_2021_metas') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

plaza_cells as (
    select
        published.figure_id,
        actividades.source_file_name,
        actividades.source_line_number,
        cast(actividades.publico_estimado as double) as contribution
    from actividades
    inner join published
        on
            published.table_id = 'plan_2021_plazas'
            and published.column_label = 'Público estimado'
            and actividades.comuna = published.row_group
            and actividades.localidad = published.row_label
    where
        {{ normalize_label('actividades.tipo_actividad') }} = 'plaza ciudadana'
        and actividades.publico_estimado is not null
),

dialogo_cells as (
    select
        published.figure_id,
        actividades.source_file_name,
        actividades.source_line_number,
        cast(actividades.cantidad as double) as contribution
    from actividades
    inner join published
        on
            published.table_id = 'plan_2021_dialogos'
            and published.column_label = 'Localidad'
            and actividades.comuna = published.row_group
            and actividades.localidad = published.row_label
    where
        {{ normalize_label('actividades.tipo_actividad') }} = 'dialogo ciudadano'
        and actividades.cantidad is not null
),

proteccion_social_cells as (
    select
        published.figure_id,
        actividades.source_file_name,
        actividades.source_line_number,
        cast(actividades.cantidad as double) as contribution
    from actividades
    inner join published
        on
            published.table_id = 'plan_2021_proteccion_social'
            and published.column_label = 'Cantidad'
            and coalesce(published.row_group, '') = ''
            and actividades.programa = published.row_label
    where
        {{ normalize_label('actividades.eje') }} = 'proteccion social'
        and actividades.cantidad is not null
),

meta_rows as (
    select
        metas.meta_id,
        metas.figure_id,
        metas.agregacion,
        actividades.cut_comuna,
        actividades.semestre,
        actividades.cantidad,
        actividades.source_file_name,
        actividades.source_line_number,
        row_number() over (
            partition by metas.meta_id, actividades.cut_comuna
            order by actividades.source_file_name, actividades.source_line_number
        ) as comuna_sequence,
        row_number() over (
            partition by metas.meta_id
            order by
                actividades.cantidad desc nulls last,
                actividades.source_file_name asc,
                actividades.source_line_number asc
        ) as value_rank
    from metas
    inner join actividades
        on
            {{ normalize_label('metas.programa') }} = {{ normalize_label('actividades.programa') }}
            and {{ normalize_label('metas.tipo_actividad') }}
            = {{ normalize_label('actividades.tipo_actividad') }}
    where metas.figure_id is not null
),

semestres as (
    select 1 as semestre
    union all
    select 2 as semestre
),

semester_totals as (
    select
        metas.meta_id,
        semestres.semestre,
        coalesce(sum(meta_rows.cantidad), 0) as cantidad
    from metas
    cross join semestres
    left join meta_rows
        on
            metas.meta_id = meta_rows.meta_id
            and semestres.semestre = meta_rows.semestre
    where
        metas.agregacion = 'minimo_por_semestre'
        and metas.figure_id is not null
    group by metas.meta_id, semestres.semestre
),

binding_semester as (
    select
        meta_id,
        semestre,
        row_number() over (partition by meta_id order by cantidad, semestre) as semester_rank
    from semester_totals
),

text_contributions as (
    select
        meta_rows.figure_id,
        meta_rows.source_file_name,
        meta_rows.source_line_number,
        cast(case
            when meta_rows.agregacion = 'suma_cantidad' then meta_rows.cantidad
            when meta_rows.agregacion = 'maximo' and meta_rows.value_rank = 1
                then meta_rows.cantidad
            when
                meta_rows.agregacion = 'comunas_distintas'
                and meta_rows.cut_comuna is not null
                and meta_rows.comuna_sequence = 1
                then 1
            when
                meta_rows.agregacion = 'minimo_por_semestre'
                and binding_semester.semester_rank = 1
                then meta_rows.cantidad
        end as double) as contribution
    from meta_rows
    left join binding_semester
        on
            meta_rows.meta_id = binding_semester.meta_id
            and meta_rows.semestre = binding_semester.semestre
),

text_rows as (
    select
        figure_id,
        source_file_name,
        source_line_number,
        contribution
    from text_contributions
    where contribution is not null
),

unioned as (
    select * from plaza_cells
    union all
    select * from dialogo_cells
    union all
    select * from proteccion_social_cells
    union all
    select * from text_rows
),

final as (
    select
        figure_id,
        'raw.programacion_anual' as source_table,
        source_file_name,
        source_line_number,
        contribution
    from unioned
)

select * from final
