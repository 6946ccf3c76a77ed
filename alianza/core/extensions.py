"""Extension points: how an app adds to the pages and API of the apps below it without
those apps importing it.

Apps register in their AppConfig.ready():

    from alianza.core.extensions import program_tabs, initiative_fields, initiative_panels

    home_panels.register(HomePanel(key="programs", template="programs/partials/home_cards.html",
                                   context=lambda request: {...}))

    program_tabs.register(ProgramTab(key="monitoring", label=_("Monitoring"),
                                     url_name="monitoring:dashboard", internal=True, order=50))
    program_sections.register(ProgramSection(key="risks", tab="monitoring", label=_("Risks"),
                                             url_name="risks:risk_list", pages=("risks:*",)))
    main_menu.register(MenuItem(key="registry", label=_("Cooperation registry"),
                                url_name="registry:activity_list"))
    initiative_fields.register(InitiativeField(name="flagship", value=..., prepare=...))
    initiative_panels.register(InitiativePanel(template="systematization/partials/x.html",
                                               context=lambda initiative, user: {...}))
    risk_panels.register(RiskPanel(key="staffing_plans", template="...", context=...))

The registries are plain lists filled at start-up; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self) -> None:
        self._items: list[T] = []

    def register(self, item: T) -> T:
        key = getattr(item, "key", None) or getattr(item, "name", None)
        self._items = [
            i for i in self._items if (getattr(i, "key", None) or getattr(i, "name", None)) != key
        ]
        self._items.append(item)
        self._items.sort(key=lambda i: getattr(i, "order", 0))
        return item

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class HomePanel:
    """A block of the home page, rendered from an app's template with `panel` set to
    `context(request)` (the programs app's cards of the programs the user may see)."""

    key: str
    template: str
    context: Callable[[Any], dict]
    order: int = 100


@dataclass(frozen=True)
class ProgramTab:
    """A tab in a program's one row of tabs (Program, Initiatives, ... Monitoring)."""

    key: str
    label: Any  # a lazy translation
    url_name: str  # reversed with kwargs={"code": program.code}
    internal: bool = False  # shown to partner members only
    order: int = 100
    #: URL names (fnmatch patterns, "initiatives:initiative_*") of the pages that belong to
    #: the tab without being one of its sections' pages: the frame finds the active tab and
    #: the breadcrumb from the page's URL name.
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgramSection:
    """A page under one of a program's tabs, listed in the tab's side menu (Monitoring:
    Dashboard, Budget and spending, Consultancies, Risks, ...). Each capability app
    registers its own sections, so that the tab's owner need not import it.

    `url_name` is reversed with `code=program.code`, unless `per_program` is False (a page
    of the user's own, such as their notifications, shown at the end of the menu). The
    frame finds a page's section from its URL name (`url_name` or one of `pages`, fnmatch
    patterns such as "risks:*"), or from the page's context (`"section": "risks"`)."""

    key: str
    tab: str  # the ProgramTab.key it belongs to
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    per_program: bool = True
    testid: str = ""
    #: URL names (fnmatch patterns) of the section's other pages (details, forms).
    pages: tuple[str, ...] = ()
    #: `visible(user, program)`: whether the menu offers it (None: whoever sees the tab).
    visible: Callable[[Any, Any], bool] | None = None
    #: Query parameters of the current page carried over to the link (`period`).
    carry: tuple[str, ...] = ()


@dataclass(frozen=True)
class MenuItem:
    """An entry of the main menu (the top navigation bar), shown to the users for whom
    `visible(user)` holds (everyone when None)."""

    key: str
    label: Any  # a lazy translation
    url_name: str  # reversed without arguments
    order: int = 100
    visible: Callable[[Any], bool] | None = None
    testid: str = ""


@dataclass(frozen=True)
class InitiativeField:
    """A computed value each initiative carries in the API (e.g. `flagship`).

    `prepare(queryset, request)` may annotate or prefetch what `value` needs, so that
    lists keep a fixed number of queries. `schema` is a DRF field instance used for the
    OpenAPI schema (read-only).
    """

    name: str
    value: Callable[[Any], Any]
    prepare: Callable[[Any, Any], Any] | None = None
    schema: Any = None
    order: int = 100
    #: With a label, a yes/no field is also a column of the initiatives list page (its
    #: header) and, with `filter`, a filter of the list page and the API (`?flagship=true`).
    label: Any = None
    #: `filter(queryset, wanted)`: the initiatives whose value is `wanted` (True/False).
    filter: Callable[[Any, bool], Any] | None = None
    #: Folded words (lower case, no accents; see `core.search.fold`) that, searched,
    #: find the initiatives for which `filter(queryset, True)` holds: "flagship" and
    #: "emblematic" find the flagships. A searched word matches a word it begins with.
    search_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class InitiativePanel:
    """A block on the initiative page rendered from another app's template."""

    key: str
    template: str
    context: Callable[[Any, Any], dict | None] = field(default=lambda initiative, user: {})
    order: int = 100


@dataclass(frozen=True)
class RiskPanel:
    """A block on a risk's page of the joint register, rendered from another app's template
    with `panel` set to `context(risk, user)` (None: no block), so that an app linked with a
    risk (the staffing scenarios planned for it) shows there without risks importing it."""

    key: str
    template: str
    context: Callable[[Any, Any], dict | None] = field(default=lambda risk, user: {})
    order: int = 100


home_panels: Registry[HomePanel] = Registry()
program_tabs: Registry[ProgramTab] = Registry()
program_sections: Registry[ProgramSection] = Registry()
main_menu: Registry[MenuItem] = Registry()
initiative_fields: Registry[InitiativeField] = Registry()
initiative_panels: Registry[InitiativePanel] = Registry()
risk_panels: Registry[RiskPanel] = Registry()
