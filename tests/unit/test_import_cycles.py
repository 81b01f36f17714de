"""No two modules of poboard reach each other through imports: not at load time, not
inside a function, not under `TYPE_CHECKING`. A cycle dodged with a local import is a
cycle all the same: the two modules can be understood, tested and changed only together.
Where a lower module needs something of a higher one, it says what in a small module of
its own (the TUI's `host.BoardHost`) or is handed it (a served session gets its options,
registry and audit from the server that makes it)."""

from __future__ import annotations

import grimp
from grimp import ImportGraph


def import_cycles(graph: ImportGraph) -> list[list[str]]:
    """The groups of modules that reach each other (the graph's strongly connected
    components of more than one module, and any module importing itself), each sorted."""
    order: dict[str, int] = {}  # Tarjan's algorithm, iterative: no recursion limit
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in order:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            step = next(imported, None)
            if step is not None:
                if step not in order:
                    order[step] = low[step] = len(order)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph.find_modules_directly_imported_by(step)))))
                elif step in on_stack:
                    low[module] = min(low[module], order[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == order[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or graph.direct_import_exists(importer=module, imported=module):
                    found.append(sorted(group))
    return sorted(found)


def described(graph: ImportGraph, group: list[str]) -> str:
    """A group's imports among themselves, each with its line: where to cut."""
    lines = []
    for importer in group:
        for imported in group:
            if graph.direct_import_exists(importer=importer, imported=imported):
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    lines.append(f"  {importer}:{detail['line_number']} {detail['line_contents']}")
    return "\n".join([" ↔ ".join(group), *lines])


def test_no_module_of_poboard_reaches_itself_through_its_imports() -> None:
    graph = grimp.build_graph("poboard", cache_dir=None)  # local and TYPE_CHECKING too
    assert len(graph.modules) > 100  # the whole package was read
    cycles = import_cycles(graph)
    assert cycles == [], "import cycles:\n" + "\n".join(described(graph, c) for c in cycles)


def test_the_cycle_finder_finds_long_and_short_cycles_and_nothing_else() -> None:
    graph = ImportGraph()
    for importer, imported in [
        ("p.a", "p.b"),
        ("p.b", "p.c"),
        ("p.c", "p.a"),  # a three-module ring
        ("p.c", "p.d"),  # leads out of the ring, never back
        ("p.d", "p.e"),
        ("p.e", "p.d"),  # a pair
        ("p.f", "p.a"),  # imports the ring, is not in it
        ("p.g", "p.g"),  # imports itself
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == [["p.a", "p.b", "p.c"], ["p.d", "p.e"], ["p.g"]]
    graph.remove_import(importer="p.c", imported="p.a")
    graph.remove_import(importer="p.e", imported="p.d")
    graph.remove_import(importer="p.g", imported="p.g")
    assert import_cycles(graph) == []
