"""A contract for import-linter (`lint-imports`, run by `make lint`): no circle through models.

A models module may import other models and plain helpers, but nothing it imports, directly
or not, may import it back: no rule, action, view or search that models would call into.
Registered in pyproject.toml as the contract type `models_acyclic`.
"""

from typing import Any

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class ModelsAcyclicContract(Contract):
    """Options: `modules`, the models modules (wildcards allowed, e.g. `peerlearning.*.models`)."""

    type_name = "models_acyclic"

    modules = fields.ListField(subfield=fields.StringField())

    def _models(self, graph: ImportGraph) -> list[str]:
        patterns: list[str] = list(self.modules)  # type: ignore[call-overload]
        found = set()
        for pattern in patterns:
            parts = pattern.split(".")
            for module in graph.modules:
                names = module.split(".")
                if len(names) == len(parts) and all(
                    p in ("*", n) for p, n in zip(parts, names, strict=True)
                ):
                    found.add(module)
        return sorted(found)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        circles: list[dict[str, Any]] = []
        for module in self._models(graph):
            imported = graph.find_upstream_modules(module)
            importers = graph.find_downstream_modules(module)
            for other in sorted(imported & importers):
                chain = graph.find_shortest_chain(importer=other, imported=module)
                back = graph.find_shortest_chain(importer=module, imported=other)
                circles.append({"module": module, "through": other, "chain": back, "back": chain})
        return ContractCheck(kept=not circles, metadata={"circles": circles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for circle in check.metadata["circles"]:
            output.print_error(f"{circle['module']} is in a circle through {circle['through']}:")
            output.new_line()
            output.print(" -> ".join(circle["chain"] or ()))
            output.print(" -> ".join(circle["back"] or ()))
            output.new_line()
