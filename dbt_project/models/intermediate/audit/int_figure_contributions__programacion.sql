-- Part III «Programación» as contributions: the plan of a year is printed by the report of
-- the year before, so every planning row counts in the province of its sheet and the year
-- before the one it plans. Table cells: each plaza row adds its expected audience, each
-- dialogue or protection-network row its quantity. Targets of the text, as the seed
-- `programacion_metas` aggregates them: a sum adds each row's quantity; the semester
-- minimum adds the rows of the semester with least planned (none when a semester has
-- nothing planned); a threshold is the row that sets it; a count of comunas adds one per
-- comuna on its first row.
with

actividades as (
    select * from {{ ref('programacion_actividades') }}
),

metas as (
    select * from {{ ref('programacion_metas') }}
),

planned as (
    select
        cut_provincia,
        eje,
        programa,
        tipo_actividad,
        cut_comuna,
        comuna,
        localidad,
        semestre,
        cantidad,
        publico_estimado,
        source_file_name,
        source_sha256,
        source_line_number,
        anio - 1 as anio
    from actividades
),

plaza_cells as (
    select
        cut_provincia,
        anio,
        'programacion_plazas' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        comuna as row_group,
        localidad as row_label,
        'publico_estimado' as column_key,
        cast(publico_estimado as double) as contribution,
        source_file_name,
        source_sha256,
        source_line_number
    from planned
    where
        {{ normalize_label('tipo_actividad') }} = 'plaza ciudadana'
        and publico_estimado is not null
),

dialogo_cells as (
    select
        cut_provincia,
        anio,
        'programacion_dialogos' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        comuna as row_group,
        localidad as row_label,
        'dialogos' as column_key,
        cast(cantidad as double) as contribution,
        source_file_name,
        source_sha256,
        source_line_number
    from planned
    where
        {{ normalize_label('tipo_actividad') }} = 'dialogo ciudadano'
        and cantidad is not null
),

proteccion_social_cells as (
    select
        cut_provincia,
        anio,
        'programacion_proteccion_social' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        programa as row_label,
        'cantidad' as column_key,
        cast(cantidad as double) as contribution,
        source_file_name,
        source_sha256,
        source_line_number
    from planned
    where
        {{ normalize_label('eje') }} = 'proteccion social'
        and cantidad is not null
),

meta_rows as (
    select
        planned.cut_provincia,
        planned.anio,
        metas.meta_id,
        metas.figure_id,
        metas.agregacion,
        planned.cut_comuna,
        planned.semestre,
        planned.cantidad,
        planned.source_file_name,
        planned.source_sha256,
        planned.source_line_number,
        row_number() over (
            partition by planned.cut_provincia, planned.anio, metas.meta_id, planned.cut_comuna
            order by planned.source_file_name, planned.source_line_number
        ) as comuna_sequence,
        row_number() over (
            partition by planned.cut_provincia, planned.anio, metas.meta_id
            order by
                planned.cantidad desc nulls last,
                planned.source_file_name asc,
                planned.source_line_number asc
        ) as value_rank
    from metas
    inner join planned
        on
            {{ normalize_label('metas.programa') }} = {{ normalize_label('planned.programa') }}
            and {{ normalize_label('metas.tipo_actividad') }}
            = {{ normalize_label('planned.tipo_actividad') }}
    where metas.figure_id is not null
),

planes as (
    select distinct
        cut_provincia,
        anio
    from planned
),

semestres as (
    select 1 as semestre
    union all
    select 2 as semestre
),

semester_totals as (
    select
        planes.cut_provincia,
        planes.anio,
        metas.meta_id,
        semestres.semestre,
        coalesce(sum(meta_rows.cantidad), 0) as cantidad
    from planes
    cross join metas
    cross join semestres
    left join meta_rows
        on
            planes.cut_provincia = meta_rows.cut_provincia
            and planes.anio = meta_rows.anio
            and metas.meta_id = meta_rows.meta_id
            and semestres.semestre = meta_rows.semestre
    where
        metas.agregacion = 'minimo_por_semestre'
        and metas.figure_id is not null
    group by planes.cut_provincia, planes.anio, metas.meta_id, semestres.semestre
),

binding_semester as (
    select
        cut_provincia,
        anio,
        meta_id,
        semestre,
        row_number() over (
            partition by cut_provincia, anio, meta_id
            order by cantidad, semestre
        ) as semester_rank
    from semester_totals
),

text_contributions as (
    select
        meta_rows.cut_provincia,
        meta_rows.anio,
        'texto' as table_id,
        meta_rows.figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
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
        end as double) as contribution,
        meta_rows.source_file_name,
        meta_rows.source_sha256,
        meta_rows.source_line_number
    from meta_rows
    left join binding_semester
        on
            meta_rows.cut_provincia = binding_semester.cut_provincia
            and meta_rows.anio = binding_semester.anio
            and meta_rows.meta_id = binding_semester.meta_id
            and meta_rows.semestre = binding_semester.semestre
),

text_figures as (
    select * from text_contributions
    where contribution is not null
),

unioned as (
    select * from plaza_cells
    union all
    select * from dialogo_cells
    union all
    select * from proteccion_social_cells
    union all
    select * from text_figures
),

final as (
    select
        cut_provincia,
        anio,
        table_id,
        figure_id,
        row_group,
        row_label,
        column_key,
        false as is_total,
        'raw.programacion_anual' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from unioned
)

select * from final
