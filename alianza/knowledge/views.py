"""Knowledge pages: the products of a program, one product with its files, uses and reuses,
their forms, the file download (counted), the product-use report, and the search page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from alianza.core.forms import bootstrap
from alianza.core.params import filter_status
from alianza.core.views import service_form
from alianza.knowledge import selectors, services
from alianza.knowledge.choices import UseKind
from alianza.knowledge.filters import ProductFilterSet
from alianza.knowledge.forms import AudienceForm, ProductForm, ReuseForm, SearchForm
from alianza.knowledge.models import Audience, KnowledgeProduct, ProductFile
from alianza.knowledge.permissions import can_view_use_report
from alianza.programs.models import Program
from alianza.programs.permissions import can_edit_program_records, can_view_program, program_for
from alianza.search import selectors as search

FORM = "programs/form_page.html"
PAGE_SIZE = 20


def _product(request: HttpRequest, program: Program, number: int) -> KnowledgeProduct:
    """The product if the user may see it; 404 otherwise (its existence does not leak)."""
    return get_object_or_404(
        KnowledgeProduct.objects.visible_to(request.user).select_related("program", "initiative"),
        program=program,
        number=number,
    )


@require_safe
def product_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    products = KnowledgeProduct.objects.visible_to(request.user).filter(program=program)
    filters = ProductFilterSet(request.GET or None, queryset=products.for_list())
    bootstrap(filters.form)
    status = filter_status(filters)
    rows = filters.qs.order_by("-published_on", "-number") if status == 200 else products.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/product_list.html",
        {
            "program": program,
            "filters": filters,
            "page": page,
            "can_edit": can_edit_program_records(request.user, program),
        },
        status=status,
    )


@require_safe
def product_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    product = _product(request, program, number)
    services.product_use_count(product=product, kind=UseKind.VIEW, user=request.user)
    return render(
        request,
        "knowledge/product_detail.html",
        {
            "program": program,
            **selectors.product_page(product, request.user),
            "can_edit": can_edit_program_records(request.user, program),
            "show_use": can_view_use_report(request.user, program),
        },
    )


@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_program_records)
    product = _product(request, program, number) if number else None
    form = ProductForm(
        request.POST or None, request.FILES or None, instance=product, program=program
    )

    def save(_data: dict) -> KnowledgeProduct:
        data, files = form.service_data(), form.files_to_add()
        if product is None:
            return services.product_create(
                program=program, data=data, files=files, actor=request.user
            )
        return services.product_update(
            product=product, data=data, files=files, remove_files=form.files_to_remove(),
            actor=request.user,
        )  # fmt: skip

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "knowledge_products",
            "heading": _("Edit %(product)s") % {"product": product.label}
            if product
            else _("New knowledge product"),
            "cancel": product.get_absolute_url() if product else "",
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Product saved."),
    )


@require_http_methods(["GET", "POST"])
def product_reuse(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_edit_program_records)
    product = _product(request, program, number)
    return service_form(
        request,
        form=ReuseForm(request.POST or None, program=program),
        save=lambda data: services.product_reuse_create(
            product=product, data=data, actor=request.user
        ),
        template=FORM,
        context={
            "program": program,
            "section": "knowledge_products",
            "heading": _("A later use of %(product)s") % {"product": product.label},
            "cancel": product.get_absolute_url(),
        },
        success_url=product.get_absolute_url(),
        success_message=_("Use recorded."),
    )


@require_safe
def file_download(request: HttpRequest, code: str, number: int, pk: int) -> FileResponse:
    """The file, counted as a download; 404 when the user may not see its product."""
    program = program_for(request, code, may=can_view_program)
    product = _product(request, program, number)
    stored = get_object_or_404(ProductFile, product=product, pk=pk)
    try:
        handle = stored.file.open("rb")
    except OSError:
        raise Http404(_("The file is no longer stored."))
    services.product_use_count(
        product=product, kind=UseKind.DOWNLOAD, user=request.user, file=stored
    )
    response = FileResponse(
        handle, as_attachment=True, filename=stored.name, content_type=stored.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_http_methods(["GET", "POST"])
def audiences(request: HttpRequest, code: str) -> HttpResponse:
    """The program's named groups, and a form to add one (partners' editors)."""
    program = program_for(request, code, may=can_edit_program_records)
    groups = Audience.objects.filter(program=program).prefetch_related("institutions", "users")
    return service_form(
        request,
        form=AudienceForm(request.POST or None, program=program),
        save=lambda data: services.audience_create(program=program, data=data, actor=request.user),
        template="knowledge/audiences.html",
        context={"program": program, "groups": groups, "heading": _("Named groups")},
        success_url=request.path,
        success_message=_("Named group saved."),
    )


@require_safe
def use_report(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_use_report)
    return render(
        request,
        "knowledge/use_report.html",
        {"program": program, **selectors.use_report(program, request.user)},
    )


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, user=request.user)
    hits, page = [], None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        entries = search.matching(request.user, query, **form.filters())
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        hits = search.hits(page.object_list, query)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "knowledge/search.html", {"form": form, "hits": hits, "page": page}, status=status
    )
