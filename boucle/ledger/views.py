"""Pages of influence and royalties: a project's influence shares, a member's earnings (and their CSV), an
organization's royalties owed and payouts, its influence weights."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError
from boucle.core.viewutils import form_error
from boucle.ledger import services
from boucle.ledger.forms import InfluenceWeightsForm, PayoutForm
from boucle.ledger.models import DEFAULT_WEIGHTS, INFLUENCE_KINDS, EntryKind, InfluenceWeights
from boucle.ledger.royalties import CURRENCY_RE, payout_record
from boucle.ledger.selectors import (
    influence_weights,
    journal_entries,
    member_statement,
    organization_owed,
    project_influence,
)
from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.selectors import project_get

RECENT_ENTRIES = 50
STATEMENT_LINES = 200  # on the page; the CSV holds every movement


def _weights_table(weights: dict[str, int]) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": InfluenceWeights._meta.get_field(kind).verbose_name,
            "weight": weights[kind],
            "default": DEFAULT_WEIGHTS[kind],
        }
        for kind in INFLUENCE_KINDS
    ]


@require_http_methods(["GET"])
def project_influence_page(request, slug):
    project = project_get(slug=slug, user=request.user)
    organization = project.technology.organization
    weights = influence_weights(organization=organization)
    influence = project_influence(project, weights=weights)
    context = {
        "project": project,
        "organization": organization,
        "influence": influence,
        "weights": _weights_table(weights),
        "is_owner": org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]),
    }
    return render(request, "ledger/project_influence.html", context)


def _currency_param(request) -> str | None:
    currency = request.GET.get("currency", "").strip().upper()
    return currency if CURRENCY_RE.match(currency) else None


@login_required
@require_http_methods(["GET"])
def earnings(request):
    currency = _currency_param(request)
    statement = member_statement(request.user, currency=currency, line_limit=STATEMENT_LINES)
    context = {"statement": statement, "currency": currency, "line_limit": STATEMENT_LINES}
    return render(request, "ledger/earnings.html", context)


def _csv_cell(value) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_http_methods(["GET"])
def earnings_csv(request):
    statement = member_statement(request.user, currency=_currency_param(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="boucle-earnings.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["date", "organization", "project", "currency", "kind", "amount", "memo", "reference", "entry"]
    )
    for line in reversed(statement.lines):  # oldest first, as a statement reads
        writer.writerow(
            [
                line["date"].isoformat(),
                _csv_cell(line["organization"].name),
                _csv_cell(line["project"].title if line["project"] else ""),
                line["currency"],
                line["kind"],
                f"{line['amount']:.2f}",
                _csv_cell(line["memo"]),
                _csv_cell(line["reference"]),
                line["entry_id"],
            ]
        )
    return response


def _owned_org(request, slug) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]):
        raise PermissionDenied(_("Only the owners of %(org)s can do this.") % {"org": organization.name})
    return organization


def _payout_form(organization, owed, data=None):
    members = sorted({b.member for b in owed if b.owed > 0}, key=lambda m: (m.name.lower(), m.pk))
    currencies = sorted({b.currency for b in owed})
    return PayoutForm(data, members=members, currencies=currencies)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="30/m", method="POST", group="ledger-payout")
def org_royalties(request, slug):
    organization = _owned_org(request, slug)
    owed = organization_owed(organization)
    form = _payout_form(organization, owed, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = get_user_model().objects.filter(username=data["member"]).first()
        try:
            entry = payout_record(
                organization=organization,
                member=member,
                currency=data["currency"],
                amount=data["amount"],
                recorded_by=request.user,
                reference=data["reference"],
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(
                request,
                _("Payout of %(amount)s %(currency)s to %(member)s recorded.")
                % {"amount": entry.amount, "currency": entry.currency, "member": member.name},
            )
            return redirect("org_royalties", slug=organization.slug)
    context = {
        "organization": organization,
        "owed": owed,
        "form": form,
        "entries": journal_entries(organization=organization)[:RECENT_ENTRIES],
        "payout_kind": EntryKind.PAYOUT,
    }
    return render(request, "ledger/org_royalties.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def org_royalties_csv(request, slug):
    """What the organization owes, per member and currency, for its accounts."""
    organization = _owned_org(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organization.slug}-royalties-owed.csv"'
    writer = csv.writer(response)
    writer.writerow(["member", "name", "currency", "earned", "reversed", "paid", "owed"])
    for b in organization_owed(organization):
        writer.writerow(
            [
                b.member.username,
                _csv_cell(b.member.name),
                b.currency,
                f"{b.earned:.2f}",
                f"{b.reversed:.2f}",
                f"{b.paid:.2f}",
                f"{b.owed:.2f}",
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def org_influence_weights(request, slug):
    organization = _owned_org(request, slug)
    weights = influence_weights(organization=organization)
    form = InfluenceWeightsForm(request.POST or None, weights=weights)
    if request.method == "POST" and form.is_valid():
        try:
            services.influence_weights_update(
                actor=request.user, organization=organization, weights=form.cleaned_data
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Influence weights saved. They apply to every later computation."))
            return redirect("org_influence_weights", slug=organization.slug)
    return render(
        request,
        "ledger/influence_weights.html",
        {"organization": organization, "form": form},
        status=400 if form.errors else 200,
    )
