"""The realization pages: adopt a design, a realization with its runs and offers, the kit, an offer, an
organization's realizations and seller settings, a member's commercial grants, the shop and the list of
realized designs.

Views are thin: a form, one service of ``boucle.realization.services`` (which checks permissions and rules), a
redirect or the form again with the service's message. The offer page includes ``orders/_offer_buy.html`` when
the orders app provides it (its "add to cart"), with ``offer`` in the context.

URL names (``boucle/realization/urls.py``): ``project_adopt``, ``realization_detail``, ``realization_kit``,
``realization_close``, ``run_open``, ``run_status``, ``offer_create``, ``offer_detail``, ``offer_edit``,
``offer_stock``, ``offer_withdraw``, ``org_realizations``, ``seller_settings``, ``grant_list``,
``grant_revoke``, ``shop``, ``realization_list``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import flash_error, form_error
from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.selectors import project_get
from boucle.realization import kit as kits
from boucle.realization import selectors, services
from boucle.realization.forms import (
    AdoptForm,
    GrantForm,
    OfferEditForm,
    OfferForm,
    RunForm,
    RunStatusForm,
    SellerSettingsForm,
    StockForm,
)
from boucle.realization.models import CommercialGrant, OfferKind, OfferStatus, ProductionRun, RunStatus

PAGE_SIZE = 24
WRITE_RATE = "30/m"
BUY_TEMPLATE = "orders/_offer_buy.html"


def _can_produce(request, organization) -> bool:
    return services.can_produce(user=request.user, organization=organization)


def _org(slug) -> Organization:
    return get_object_or_404(Organization, slug=str(slug).replace("\x00", ""))


# ---------------------------------------------------------------------------------------------- adoption


def _adopt_context(request, project, form):
    revisions = list(selectors.adoption_candidates(project=project))
    chains = {}
    if revisions:
        from boucle.realization import licensing

        head = revisions[0]
        chains = {
            "head": head,
            "chain": licensing.chain_freeze(licensing.chain_build(design=head.design, revision=head)),
        }
    return {"project": project, "form": form, "revisions": revisions, **chains}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST")
def project_adopt(request, slug):
    """A producer adopts the project: chooses the organization and the revision to freeze."""
    project = project_get(slug=str(slug), user=request.user)
    organizations = list(selectors.organizations_producing(user=request.user))
    if not organizations:
        raise PermissionDenied(_("Only the producers and owners of an organization can adopt a design."))
    revisions = list(selectors.adoption_candidates(project=project))
    form = AdoptForm(request.POST or None, organizations=organizations, revisions=revisions)
    if not revisions:
        form = None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            organization = next(o for o in organizations if o.slug == form.cleaned_data["organization"])
            try:
                realization = services.realization_adopt(
                    actor=request.user,
                    organization=organization,
                    project=project,
                    revision=form.cleaned_data["revision"],
                    note=form.cleaned_data["note"],
                )
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(organization)s now produces “%(design)s”, revision %(n)d.")
                    % {
                        "organization": organization.name,
                        "design": realization.design.title,
                        "n": realization.revision.number,
                    },
                )
                return redirect(realization)
        return render(request, "realization/adopt.html", _adopt_context(request, project, form), status=400)
    return render(request, "realization/adopt.html", _adopt_context(request, project, form))


# ---------------------------------------------------------------------------------------------- realization


def _realization_context(request, realization, **extra):
    can_produce = _can_produce(request, realization.organization)
    return {
        "realization": realization,
        "project": realization.project,
        "offers": selectors.realization_offers(realization=realization, include_withdrawn=can_produce),
        "runs": selectors.realization_runs(realization=realization) if can_produce else [],
        "can_produce": can_produce,
        "run_form": extra.pop("run_form", None) or RunForm(),
        "run_statuses": RunStatus,
        "next_statuses": services.RUN_TRANSITIONS,
        **extra,
    }


@require_http_methods(["GET", "HEAD"])
def realization_detail(request, pk):
    realization = selectors.realization_get(pk=pk, user=request.user)
    return render(request, "realization/realization_detail.html", _realization_context(request, realization))


@require_http_methods(["GET", "HEAD"])
def realization_kit(request, pk):
    """The kit: the frozen revision's bill of materials with the kit's prices (scaled to ``?batch=`` litres when
    the kind scales, as the recipes kind does)."""
    realization = selectors.realization_get(pk=pk, user=request.user)
    batch = kits.parse_batch(request.GET.get("batch"))
    bad_batch = bool(request.GET.get("batch")) and batch is None
    try:
        view = kits.kit_view(realization, batch_size=batch)
    except BoucleError as error:
        view, bad_batch = kits.kit_view(realization), True
        messages.error(request, str(error.message))
    currency = selectors.seller_settings(realization.organization).currency
    kit_offers = [o for o in selectors.realization_offers(realization=realization) if o.kind == OfferKind.KIT]
    can_produce = _can_produce(request, realization.organization)
    # Producers see, beside each line, the stock a new production run can still count on.
    for_runs = {}
    if can_produce:
        for_runs = {line.key: line.stock for line in services.kit_view_for_runs(realization).lines}
    return render(
        request,
        "realization/kit.html",
        {
            "realization": realization,
            "project": realization.project,
            "view": view,
            "rows": [(line, for_runs.get(line.key)) for line in view.lines],
            "can_produce": can_produce,
            "bad_batch": bad_batch,
            "currency": currency,
            "kit_offers": kit_offers,
            "max_batch": kits.MAX_BATCH,
        },
        status=400 if bad_batch else 200,
    )


@login_required
@require_http_methods(["POST"])
def realization_close(request, pk):
    realization = selectors.realization_get(pk=pk, user=request.user)
    try:
        services.realization_close(actor=request.user, realization=realization)
    except BoucleError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("The realization is closed; its offers are withdrawn."))
    return redirect(realization)


@login_required
@require_http_methods(["POST"])
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST")
def run_open(request, pk):
    realization = selectors.realization_get(pk=pk, user=request.user)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            run = services.run_open(
                actor=request.user,
                realization=realization,
                quantity=form.cleaned_data["quantity"],
                note=form.cleaned_data["note"],
            )
        except BoucleError as error:
            if error.status_code == 403:
                raise PermissionDenied(str(error.message)) from None
            form_error(form, error)
        else:
            messages.success(request, _("Production run of %(n)d units planned.") % {"n": run.quantity})
            return redirect(f"{realization.get_absolute_url()}#runs")
    context = _realization_context(request, realization, run_form=form)
    return render(request, "realization/realization_detail.html", context, status=400)


@login_required
@require_http_methods(["POST"])
def run_status(request, pk, run_pk):
    realization = selectors.realization_get(pk=pk, user=request.user)
    run = get_object_or_404(ProductionRun, pk=run_pk, realization=realization)
    form = RunStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.run_set_status(actor=request.user, run=run, status=form.cleaned_data["status"])
        except BoucleError as error:
            flash_error(request, error)
    return redirect(f"{realization.get_absolute_url()}#runs")


# ---------------------------------------------------------------------------------------------- offers


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST")
def offer_create(request, pk):
    realization = selectors.realization_get(pk=pk, user=request.user)
    if not _can_produce(request, realization.organization):
        raise PermissionDenied(_("Only the producers and owners of the organization can publish offers."))
    form = OfferForm(request.POST or None, initial={"title": realization.design.title})
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(actor=request.user, realization=realization, **form.cleaned_data)
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Offer published."))
            return redirect(offer)
    currency = selectors.seller_settings(realization.organization).currency
    return render(
        request,
        "realization/offer_form.html",
        {"realization": realization, "project": realization.project, "form": form, "currency": currency},
        status=400 if request.method == "POST" else 200,
    )


def _buy_template() -> str | None:
    try:
        get_template(BUY_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return BUY_TEMPLATE


def _offer_context(request, offer, **extra):
    can_produce = _can_produce(request, offer.realization.organization)
    return {
        "offer": offer,
        "realization": offer.realization,
        "project": offer.realization.project,
        "can_produce": can_produce,
        "stock_form": extra.pop("stock_form", None) or StockForm(),
        "buy_template": _buy_template() if offer.status == OfferStatus.ACTIVE else None,
        **extra,
    }


@require_http_methods(["GET", "HEAD"])
def offer_detail(request, pk):
    offer = selectors.offer_get(pk=pk, user=request.user)
    return render(request, "realization/offer_detail.html", _offer_context(request, offer))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer_edit(request, pk):
    offer = selectors.offer_get(pk=pk, user=request.user)
    if not _can_produce(request, offer.realization.organization):
        raise PermissionDenied(_("Only the producers and owners of the organization can change its offers."))
    initial = {
        "title": offer.title,
        "price": offer.price,
        "lead_time_days": offer.lead_time_days,
        "shipping_regions": ", ".join(offer.shipping_regions or []),
        "description": offer.description,
    }
    form = OfferEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(actor=request.user, offer=offer, **form.cleaned_data)
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Offer saved."))
            return redirect(offer)
    return render(
        request,
        "realization/offer_form.html",
        {
            "realization": offer.realization,
            "project": offer.realization.project,
            "offer": offer,
            "form": form,
            "currency": offer.currency,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["POST"])
def offer_stock(request, pk):
    """Add or remove units; with htmx, answers the stock panel alone."""
    offer = selectors.offer_get(pk=pk, user=request.user)
    form = StockForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            offer = services.offer_stock_adjust(
                actor=request.user, offer=offer, delta=form.cleaned_data["delta"]
            )
        except BoucleError as error:
            if error.status_code == 403 and not _can_produce(request, offer.realization.organization):
                raise PermissionDenied(str(error.message)) from None
            form_error(form, error)
            status = 400
        else:
            form = StockForm()
            if not request.htmx:
                messages.success(request, _("Stock: %(n)d units.") % {"n": offer.stock})
                return redirect(offer)
    else:
        status = 400
    context = _offer_context(request, offer, stock_form=form)
    if request.htmx:
        return render(request, "realization/_offer_stock.html", context, status=status)
    return render(request, "realization/offer_detail.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def offer_withdraw(request, pk):
    offer = selectors.offer_get(pk=pk, user=request.user)
    try:
        services.offer_withdraw(actor=request.user, offer=offer)
    except BoucleError as error:
        if error.status_code == 403:
            raise PermissionDenied(str(error.message)) from None
        flash_error(request, error)
    else:
        messages.success(request, _("Offer withdrawn: nobody can order it any more."))
    return redirect(offer)


# ---------------------------------------------------------------------------------------------- organizations


@require_http_methods(["GET", "HEAD"])
def org_realizations(request, slug):
    organization = _org(slug)
    can_produce = _can_produce(request, organization)
    page = CappedPaginator(
        selectors.organization_realizations(organization=organization, include_closed=can_produce), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "realization/org_realizations.html",
        {
            "organization": organization,
            "page": page,
            "can_produce": can_produce,
            "is_owner": org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]),
            "grants": selectors.grants_received(organization=organization) if can_produce else [],
            "settings": selectors.seller_settings(organization),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def seller_settings(request, slug):
    organization = _org(slug)
    if not org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]):
        raise PermissionDenied(_("Only the organization's owners can change how it sells."))
    current = selectors.seller_settings(organization)
    form = SellerSettingsForm(
        request.POST or None,
        initial={"currency": current.currency, "royalty_percent": current.royalty_percent},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_settings_update(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Seller settings saved."))
            return redirect("seller_settings", slug=organization.slug)
    return render(
        request,
        "realization/seller_settings.html",
        {"organization": organization, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------------- grants


def _grant_form(request, data=None):
    from boucle.projects.models import Project

    projects = Project.objects.filter(team__user=request.user).order_by("title")
    organizations = Organization.objects.order_by("name")
    initial = {"organization": request.GET.get("organization", "")}
    return GrantForm(data, organizations=organizations, projects=projects, initial=initial), projects


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST")
def grant_list(request):
    """The commercial grants a member gave, and the form to give one."""
    form, projects = _grant_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = Organization.objects.filter(slug=form.cleaned_data["organization"]).first()
        project = (
            projects.filter(slug=form.cleaned_data["project"]).first()
            if form.cleaned_data["project"]
            else None
        )
        try:
            services.grant_create(
                actor=request.user, organization=organization, project=project, note=form.cleaned_data["note"]
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(organization)s may now sell your non-commercial work.")
                % {"organization": organization.name},
            )
            return redirect("grant_list")
    return render(
        request,
        "realization/grants.html",
        {"form": form, "grants": selectors.grants_given(user=request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["POST"])
def grant_revoke(request, pk):
    grant = CommercialGrant.objects.filter(pk=pk, grantor=request.user).first()
    if grant is None and request.user.is_staff:
        grant = CommercialGrant.objects.filter(pk=pk).first()
    if grant is None:
        raise Http404("No such grant.")
    try:
        services.grant_revoke(actor=request.user, grant=grant)
    except BoucleError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Grant revoked."))
    return redirect("grant_list")


# ---------------------------------------------------------------------------------------------- public lists


@require_http_methods(["GET", "HEAD"])
def shop(request):
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    kind = kind if kind in OfferKind.values else ""
    in_stock = request.GET.get("in_stock") == "1"
    page = CappedPaginator(selectors.shop_offers(q=q, kind=kind, in_stock=in_stock), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "q": q.replace("\x00", "")[:100],
        "kind": kind,
        "in_stock": in_stock,
        "kinds": OfferKind.choices,
        "query": query.urlencode(),
    }
    if request.htmx and request.htmx.target == "shop-results":
        return render(request, "realization/_shop_results.html", context)
    return render(request, "realization/shop.html", context)


@require_http_methods(["GET", "HEAD"])
def realization_list(request):
    page = CappedPaginator(selectors.realization_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "realization/realization_list.html", {"page": page, "shop_url": reverse("shop")})
