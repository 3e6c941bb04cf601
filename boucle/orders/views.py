"""Pages of the orders app: the cart and checkout, the buyer's orders, the seller's orders.

Each view reads a form, calls one service and redirects (or re-renders with the service's message); htmx
requests get the fragment they replace.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError, NotFound
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import form_error
from boucle.orders import selectors, services, states
from boucle.orders.forms import (
    CheckoutForm,
    PaymentConfirmForm,
    QuantityForm,
    RefundForm,
    SellerFilterForm,
    TransitionForm,
)
from boucle.orders.models import OrderState
from boucle.orders.payments import payment_provider

PAGE_SIZE = 25


def _offer(offer_id):
    from boucle.realization.models import Offer

    return get_object_or_404(
        Offer.objects.select_related("realization__organization", "realization__project"), pk=offer_id
    )


# ---------------------------------------------------------------------------------------------- cart


def _cart_context(request, checkout_form=None):
    groups = selectors.cart_groups(member=request.user)
    if checkout_form is None:
        initial = {"idempotency_key": services.new_idempotency_key(), "ship_name": request.user.name}
        last = selectors.orders_of_buyer(buyer=request.user).first()
        if last is not None:  # the address of the last order, to save typing it again
            initial.update(
                {
                    f: getattr(last, f)
                    for f in ("ship_name", "ship_street", "ship_postcode", "ship_city", "ship_country")
                }
            )
        checkout_form = CheckoutForm(initial=initial)
    return {
        "groups": groups,
        "checkout_form": checkout_form,
        "blocked": any(g.problems for g in groups),
        "payment_name": payment_provider().name,
    }


@login_required
@require_http_methods(["GET"])
def cart_detail(request):
    return render(request, "orders/cart.html", _cart_context(request))


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="60/m", method="POST", group="orders-cart")
def cart_add(request, offer_id: int):
    """GET: the offer with a quantity to choose (a page of its own, for offer pages to link to). POST: add."""
    offer = _offer(offer_id)
    form = QuantityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.cart_item_add(
                actor=request.user, offer=offer, quantity=form.cleaned_data["quantity"]
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            if request.htmx:
                return render(request, "orders/_added.html", {"offer": offer, "item": item})
            messages.success(
                request,
                _("“%(title)s” is in your cart (%(n)d).") % {"title": offer.title, "n": item.quantity},
            )
            return redirect("cart_detail")
    status = 400 if form.errors else 200
    if request.htmx and request.method == "POST":
        return render(request, "orders/_add_to_cart.html", {"offer": offer, "form": form}, status=status)
    return render(request, "orders/cart_add.html", {"offer": offer, "form": form}, status=status)


@login_required
@require_http_methods(["POST"])
def cart_item_update(request, offer_id: int):
    """Change a cart line's quantity (0 or the remove button takes it out); htmx: the cart is redrawn."""
    offer = _offer(offer_id)
    try:
        if "remove" in request.POST:
            services.cart_item_remove(actor=request.user, offer=offer)
        else:
            services.cart_item_set(actor=request.user, offer=offer, quantity=request.POST.get("quantity", ""))
    except BoucleError as error:
        messages.error(request, str(error.message))
    if request.htmx:
        return render(request, "orders/_cart_groups.html", _cart_context(request))
    return redirect("cart_detail")


@login_required
@require_http_methods(["POST"])
@ratelimit(key="user_or_ip", rate="20/m", method="POST", group="orders-checkout")
def checkout(request):
    form = CheckoutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            orders = services.checkout(
                actor=request.user,
                address={k: v for k, v in data.items() if k.startswith("ship_")},
                idempotency_key=data["idempotency_key"],
                note=data["note"],
            )
        except BoucleError as error:
            form_error(form, error)
            if error.errors:
                for field, problems in error.errors.items():
                    if field in form.fields and field != error.field:
                        form.add_error(field, problems[0])
        else:
            if len(orders) == 1:
                return redirect(orders[0].get_absolute_url())
            messages.success(request, _("%(n)d orders placed, one per seller.") % {"n": len(orders)})
            return redirect("order_list")
    return render(request, "orders/cart.html", _cart_context(request, checkout_form=form), status=400)


# ---------------------------------------------------------------------------------------------- buyer


@login_required
@require_http_methods(["GET"])
def order_list(request):
    page = CappedPaginator(selectors.orders_of_buyer(buyer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "orders/order_list.html", {"page": page})


def _buyer_order(request, reference):
    try:
        return selectors.order_for_buyer(user=request.user, reference=reference)
    except NotFound:
        raise Http404 from None


def _transitions(order, roles):
    return [
        {"to": to, "label": states.ACTION_LABELS.get(to, OrderState(to).label)}
        for to in states.next_states(order.state, roles=roles)
    ]


@login_required
@require_http_methods(["GET"])
def order_detail(request, reference: str):
    order = _buyer_order(request, reference)
    roles = {states.BUYER} if order.buyer_id == request.user.pk else set()
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "instructions": selectors.pending_instructions(order),
            "transitions": _transitions(order, roles),
            "transition_url": reverse("order_transition", args=[order.reference]),
            "seller_view": False,
        },
    )


@login_required
@require_http_methods(["POST"])
def order_transition(request, reference: str):
    order = _buyer_order(request, reference)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise NotFound(_("Unknown order state."))
        services.order_transition(
            actor=request.user,
            order=order,
            to_state=form.cleaned_data["to_state"],
            note=form.cleaned_data["note"],
        )
    except BoucleError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Order %(ref)s updated.") % {"ref": order.reference})
    return redirect(order.get_absolute_url())


# ---------------------------------------------------------------------------------------------- seller


def _organization_for_seller(request, slug):
    from boucle.orgs.models import Organization

    organization = get_object_or_404(Organization, slug=slug)
    if not services.is_seller(user=request.user, organization=organization):
        raise Http404
    return organization


@login_required
@require_http_methods(["GET"])
def seller_order_list(request, slug: str):
    organization = _organization_for_seller(request, slug)
    filters = SellerFilterForm(request.GET or None)
    state, query = "", ""
    if filters.is_valid():
        state, query = filters.cleaned_data["state"], filters.cleaned_data["q"]
    orders = selectors.orders_of_seller(organization=organization, state=state, query=query)
    page = CappedPaginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "orders/_seller_results.html" if request.htmx else "orders/seller_order_list.html"
    return render(
        request,
        template,
        {
            "organization": organization,
            "filters": filters,
            "page": page,
            "counts": selectors.order_state_counts(organization=organization),
            "state": state,
            "query": query,
        },
    )


def _seller_order(request, slug, reference):
    organization = _organization_for_seller(request, slug)
    try:
        return selectors.order_for_seller(user=request.user, organization=organization, reference=reference)
    except NotFound:
        raise Http404 from None


def _seller_context(request, order, **forms):
    return {
        "order": order,
        "organization": order.organization,
        "instructions": selectors.pending_instructions(order),
        "transitions": _transitions(order, {states.SELLER}),
        "transition_url": reverse("seller_order_transition", args=[order.organization.slug, order.reference]),
        "seller_view": True,
        "can_confirm": order.state == OrderState.PLACED
        and services.can_confirm_payment(user=request.user, organization=order.organization),
        "can_refund": order.state in states.REFUNDABLE and order.refundable_amount > 0,
        "payment_form": forms.get("payment_form") or PaymentConfirmForm(),
        "refund_form": forms.get("refund_form") or RefundForm(initial={"amount": order.refundable_amount}),
    }


@login_required
@require_http_methods(["GET"])
def seller_order_detail(request, slug: str, reference: str):
    order = _seller_order(request, slug, reference)
    return render(request, "orders/order_detail.html", _seller_context(request, order))


@login_required
@require_http_methods(["POST"])
def seller_order_transition(request, slug: str, reference: str):
    order = _seller_order(request, slug, reference)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise NotFound(_("Unknown order state."))
        services.order_transition(
            actor=request.user,
            order=order,
            to_state=form.cleaned_data["to_state"],
            note=form.cleaned_data["note"],
        )
    except BoucleError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Order %(ref)s updated.") % {"ref": order.reference})
    return redirect(order.get_seller_url())


@login_required
@require_http_methods(["POST"])
def seller_payment_confirm(request, slug: str, reference: str):
    order = _seller_order(request, slug, reference)
    form = PaymentConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.payment_confirm(
                actor=request.user, order=order, reference=form.cleaned_data["reference"]
            )
        except BoucleError as error:
            # Shown at the top of the page: the form is gone once the order no longer waits for payment.
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Payment of order %(ref)s confirmed.") % {"ref": order.reference})
            return redirect(order.get_seller_url())
    order = _seller_order(request, slug, reference)
    return render(
        request, "orders/order_detail.html", _seller_context(request, order, payment_form=form), status=400
    )


@login_required
@require_http_methods(["POST"])
def seller_refund(request, slug: str, reference: str):
    order = _seller_order(request, slug, reference)
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            services.refund_create(
                actor=request.user,
                order=order,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except BoucleError as error:
            if order.state in states.REFUNDABLE:
                form_error(form, error)
            else:
                messages.error(request, str(error.message))
        else:
            messages.success(request, _("Refund of order %(ref)s recorded.") % {"ref": order.reference})
            return redirect(order.get_seller_url())
    order = _seller_order(request, slug, reference)
    return render(
        request, "orders/order_detail.html", _seller_context(request, order, refund_form=form), status=400
    )
