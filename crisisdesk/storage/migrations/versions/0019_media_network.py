"""The municipal media network: units (the Amanah's central media department, the
municipalities' media offices, partners) in a hierarchy, users' units, the units an incident
involves, where each interaction is routed, the coordination board and tasks to units.

Existing data is carried over: the shipped Eastern Province units are created; every
free-text unit of a user (``users.org_unit``) or an incident (``incidents.org_units``) that
names one of them (its Arabic or English name or an alias, compared after the search's
normalisation, or contained as whole words: "بلدية الخبر – مكتب الإعلام") is linked to it, and any other becomes a unit of its own under the centre
(kind ``office``) so that nothing written before is lost. Interactions are not routed here:
routing reads the gazetteer and happens when the network first looks at an incident.

Revision ID: 0019
Revises: 0020
Create Date: 2026-12-03
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("units.id")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name_ar", sa.String(300), nullable=False),
        sa.Column("name_en", sa.String(300), nullable=False),
        sa.Column("focal_point", sa.Text(), nullable=False, server_default=""),
        sa.Column("contacts", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("accounts", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("aliases", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("places", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("area", sa.Text()),
        sa.Column("response_target_minutes", sa.Integer()),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "unit_members",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
    )
    op.create_table(
        "incident_units",
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), primary_key=True),
    )
    op.create_table(
        "interaction_routes",
        sa.Column(
            "interaction_id", sa.Integer(), sa.ForeignKey("interactions.id"), primary_key=True
        ),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("routed_at", sa.String(32), nullable=False),
        sa.Column("routed_by", sa.String(64)),
        sa.Column("note", sa.Text()),
    )
    op.create_index("ix_routes_incident_unit", "interaction_routes", ["incident_id", "unit_id"])
    op.create_table(
        "board_posts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("affected_areas", sa.Text(), nullable=False, server_default=""),
        sa.Column("open_issues", sa.Text(), nullable=False, server_default=""),
        sa.Column("needs", sa.Text(), nullable=False, server_default=""),
        sa.Column("next_update_due", sa.String(32)),
        sa.Column("posted_by", sa.String(64), nullable=False),
        sa.Column("posted_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_board_incident_unit", "board_posts", ["incident_id", "unit_id"])
    op.create_table(
        "unit_tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due_at", sa.String(32)),
        sa.Column("assigned_by", sa.String(64), nullable=False),
        sa.Column("assigned_at", sa.String(32), nullable=False),
        sa.Column("done_at", sa.String(32)),
        sa.Column("done_by", sa.String(64)),
        sa.Column("note", sa.Text()),
    )
    _carry_over()


def _carry_over() -> None:
    """Create the shipped units, then link every free-text unit to one (or a new one)."""
    from crisisdesk.network.units import default_units, match_label
    from crisisdesk.text.normalise import normalise

    bind = op.get_bind()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    units = sa.table(
        "units",
        sa.column("id", sa.Integer()),
        sa.column("code", sa.String()),
        sa.column("parent_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("name_ar", sa.String()),
        sa.column("name_en", sa.String()),
        sa.column("focal_point", sa.Text()),
        sa.column("contacts", sa.Text()),
        sa.column("accounts", sa.Text()),
        sa.column("aliases", sa.Text()),
        sa.column("places", sa.Text()),
        sa.column("area", sa.Text()),
        sa.column("response_target_minutes", sa.Integer()),
        sa.column("active", sa.Boolean()),
        sa.column("created_at", sa.String()),
    )
    ids: dict[str, int] = {}
    by_name: dict[str, int] = {}
    names: dict[str, list[str]] = {}
    centre = 0
    for number, spec in enumerate(default_units(), start=1):
        parent = ids.get(spec["parent"]) if spec.get("parent") else None
        bind.execute(
            units.insert().values(
                id=number,
                code=spec["code"],
                parent_id=parent,
                kind=spec["kind"],
                name_ar=spec["name_ar"],
                name_en=spec["name_en"],
                focal_point=spec.get("focal_point") or "",
                contacts=json.dumps(spec.get("contacts") or {}, ensure_ascii=False),
                accounts=json.dumps(spec.get("accounts") or [], ensure_ascii=False),
                aliases=json.dumps(spec.get("aliases") or [], ensure_ascii=False),
                places=json.dumps(spec.get("places") or [], ensure_ascii=False),
                area=json.dumps(spec["area"]) if spec.get("area") else None,
                response_target_minutes=spec.get("response_target_minutes"),
                active=True,
                created_at=now,
            )
        )
        ids[spec["code"]] = number
        if spec["kind"] == "centre" and not centre:
            centre = number
        names[spec["code"]] = [spec["name_ar"], spec["name_en"], *(spec.get("aliases") or [])]
        for name in names[spec["code"]]:
            by_name.setdefault(normalise(name), number)
    next_id = len(ids) + 1

    def unit_for(label: str) -> int:
        nonlocal next_id
        key = normalise(label)
        if key in by_name:
            return by_name[key]
        named = match_label(label, names)  # "بلدية الخبر – مكتب الإعلام" is Khobar's office
        if named is not None:
            return ids[named]
        number = next_id
        next_id += 1
        bind.execute(
            units.insert().values(
                id=number, code=f"unit_{number}", parent_id=centre or None, kind="office",
                name_ar=label[:300], name_en=label[:300], focal_point="", contacts="{}",
                accounts="[]", aliases=json.dumps([label], ensure_ascii=False), places="[]",
                area=None, response_target_minutes=None, active=True, created_at=now,
            )
        )  # fmt: skip
        by_name[key] = number
        return number

    for user_id, label in bind.execute(sa.text("SELECT id, org_unit FROM users")).all():
        if label and label.strip():
            bind.execute(
                sa.text("INSERT INTO unit_members (user_id, unit_id) VALUES (:u, :n)"),
                {"u": user_id, "n": unit_for(label.strip())},
            )
    for incident_id, labels in bind.execute(sa.text("SELECT id, org_units FROM incidents")).all():
        try:
            names = json.loads(labels or "[]")
        except ValueError:
            names = []
        linked: set[int] = set()
        for label in names if isinstance(names, list) else []:
            if isinstance(label, str) and label.strip():
                linked.add(unit_for(label.strip()))
        for number in sorted(linked):
            bind.execute(
                sa.text("INSERT INTO incident_units (incident_id, unit_id) VALUES (:i, :n)"),
                {"i": incident_id, "n": number},
            )
    if bind.dialect.name == "postgresql":  # explicit ids: move the sequence past them
        bind.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('units', 'id'), :n, false)"),
            {"n": next_id},
        )


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
