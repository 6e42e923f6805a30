"""The area tree: import from a file, add, rename, move and retire; an area with events is never deleted."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.records import Event
from models.organisation.area_files import decode_area_text, is_header, xlsx_lines
from models.organisation.areas import ROOT_AREA_NAME, Area, add_area, ensure_root_area
from models.reporting.rollup_check import rebuild_rollups
from models.reporting.rollup_tables import ancestors

MAX_NAME = 64


@dataclass(frozen=True)
class AreaRow:
    line: int
    names: tuple[str, ...]  # from just under the root down to the area


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


def read_area_file(text: str, *, suffix: str, root_name: str) -> tuple[list[AreaRow], list[RowError]]:
    """Rows of a CSV (one path per line: 街道,社区) or YAML (nested mapping/list) file, or what is wrong."""
    if suffix in (".yaml", ".yml"):
        return _read_yaml(text, root_name=root_name)
    return read_area_rows(enumerate(csv.reader(io.StringIO(text)), 1), root_name=root_name)


def read_area_bytes(data: bytes, *, suffix: str, root_name: str) -> tuple[list[AreaRow], list[RowError]]:
    """Rows of a file as saved: .xlsx, or CSV/YAML in UTF-8 (BOM or not) or GB18030/GBK."""
    if suffix == ".xlsx":
        lines = xlsx_lines(data)
        if lines is None:
            return [], [RowError(0, "not a readable .xlsx workbook")]
        return read_area_rows(lines, root_name=root_name)
    text = decode_area_text(data)
    if text is None:
        return [], [RowError(0, "neither UTF-8 nor GB18030/GBK text; save the file as CSV UTF-8")]
    return read_area_file(text, suffix=suffix, root_name=root_name)


def read_area_rows(
    lines: Iterable[tuple[int, Sequence[str]]], *, root_name: str
) -> tuple[list[AreaRow], list[RowError]]:
    """Rows of cells (a CSV's or a sheet's), each a path from under the district down; a header row
    (街道,社区) and the district's own name at the start of a path are not areas."""
    rows, errors = [], []
    first = True
    for number, cells in lines:
        names = [c.strip() for c in cells]
        while names and not names[-1]:
            names.pop()
        if not names or names[0].startswith("#"):
            continue  # blank lines and comments
        if first and is_header(names):
            first = False
            continue
        first = False
        if names[0] in (root_name, ROOT_AREA_NAME):
            names = names[1:]
        problem = _check(names)
        if problem:
            errors.append(RowError(number, problem))
        elif names:
            rows.append(AreaRow(number, tuple(names)))
    return rows, errors


def _check(names: list[str]) -> str | None:
    if any(not n for n in names):
        return "an empty name inside the path"
    if any(len(n) > MAX_NAME for n in names):
        return f"a name longer than {MAX_NAME} characters"
    return None


def _read_yaml(text: str, *, root_name: str) -> tuple[list[AreaRow], list[RowError]]:
    import yaml  # only the importer needs it

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [RowError((mark.line + 1) if mark else 0, f"not valid YAML: {error}")]
    if isinstance(data, dict) and list(data) == [root_name]:
        data = data[root_name]
    rows: list[AreaRow] = []
    errors: list[RowError] = []
    lines = text.splitlines()

    def walk(node: object, path: tuple[str, ...]) -> None:
        children = node.items() if isinstance(node, dict) else ((item, None) for item in node or [])  # type: ignore[attr-defined]
        for name, below in children:
            if isinstance(name, dict):  # a list item that is itself a mapping
                walk(name, path)
                continue
            names = (*path, str(name).strip())
            line = next((i for i, raw in enumerate(lines, 1) if str(name) in raw), 0)
            problem = _check(list(names)) if name is not None else "an empty name"
            if problem:
                errors.append(RowError(line, problem))
                continue
            rows.append(AreaRow(line, names))
            if below is not None:
                if not isinstance(below, dict | list):
                    errors.append(RowError(line, "an area's children must be a list or a mapping"))
                    continue
                walk(below, names)

    if not isinstance(data, dict | list):
        return [], [RowError(1, "the file must hold a mapping or a list of areas")]
    walk(data, ())
    return rows, errors


async def import_areas(
    *, session: AsyncSession, rows: list[AreaRow], added: list[tuple[str, ...]] | None = None
) -> int:
    """Create the areas of the rows that do not exist yet (by name under the same parent); return how many
    (and, in `added`, the path of each new one)."""
    root = await ensure_root_area(session=session)
    known: dict[tuple[int, str], Area] = {
        (a.parent_id or 0, a.name): a
        for a in await session.exec(select(Area).where(col(Area.parent_id).is_not(None)))
    }
    created = 0
    for row in rows:
        parent = root
        for depth, name in enumerate(row.names):
            assert parent.id is not None
            area = known.get((parent.id, name))
            if area is None:
                area = await add_area(session=session, name=name, parent=parent)
                known[(parent.id, name)] = area
                created += 1
                if added is not None:
                    added.append(row.names[: depth + 1])
            parent = area
    return created


async def find_area(*, session: AsyncSession, ref: str, within: str = "/") -> list[Area]:
    """Areas named `ref` (or "#12" for an id) inside the subtree `within`, active ones only."""
    query = select(Area).where(Area.retired == False, col(Area.path).startswith(within))  # noqa: E712
    if re.fullmatch(r"#[0-9]{1,9}", ref):
        query = query.where(Area.id == int(ref[1:]))
    else:
        query = query.where(Area.name == ref)
    return list(await session.exec(query))


async def move_area(*, session: AsyncSession, area: Area, parent: Area) -> bool:
    """Put `area` (and its subtree) under `parent`; False if that would make a loop."""
    if parent.path.startswith(area.path):
        return False
    old, new = area.path, f"{parent.path}{area.id}/"
    for below in await session.exec(select(Area).where(col(Area.path).startswith(old))):
        below.path = new + below.path[len(old) :]
    area.parent_id = parent.id
    await session.flush()
    # The areas above it on one side only now hold other events: their rollups are recounted.
    await rebuild_rollups(await session.connection(), areas=set(ancestors(old)) ^ set(ancestors(new)))
    return True


async def all_areas(*, session: AsyncSession, within: str = "/") -> list[Area]:
    """The subtree in tree order (each area right after its parent)."""
    areas = await session.exec(select(Area).where(col(Area.path).startswith(within)))
    # Ordered here, by the ids along the path: sorting the path text would depend on the database's
    # collation (a locale collation ignores the slashes) and put /1/10/ before /1/2/.
    return sorted(areas, key=lambda a: [int(part) for part in a.path.strip("/").split("/")])


async def retire_area(*, session: AsyncSession, area: Area) -> int:
    """Retire the area (it is never deleted: events point at it); return how many events it keeps."""
    area.retired = True
    await session.flush()
    kept = await session.exec(select(func.count()).select_from(Event).where(col(Event.area_id) == area.id))
    return kept.one()


async def area_level(*, session: AsyncSession, area_id: int) -> tuple[Area | None, list[tuple[Area, bool]]]:
    """An area and its active children, each with whether it has children of its own: one level of a
    picker that walks down the tree (a district has too many areas for one screen of buttons)."""
    area = await session.get(Area, area_id)
    if area is None:
        return None, []
    children = list(
        await session.exec(
            select(Area).where(Area.parent_id == area_id, Area.retired == False).order_by(col(Area.name))  # noqa: E712
        )
    )
    parents = set(
        await session.exec(
            select(Area.parent_id).where(
                col(Area.parent_id).in_([c.id for c in children]), col(Area.retired).is_(False)
            )
        )
    )
    return area, [(child, child.id in parents) for child in children]
