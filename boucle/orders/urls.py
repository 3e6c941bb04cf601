from django.urls import path

from boucle.orders import views

urlpatterns = [
    path("cart/", views.cart_detail, name="cart_detail"),
    path("cart/add/<int:offer_id>/", views.cart_add, name="cart_add"),
    path("cart/items/<int:offer_id>/", views.cart_item_update, name="cart_item_update"),
    path("cart/checkout/", views.checkout, name="checkout"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<str:reference>/", views.order_detail, name="order_detail"),
    path("orders/<str:reference>/transition/", views.order_transition, name="order_transition"),
    path("orgs/<slug:slug>/orders/", views.seller_order_list, name="seller_order_list"),
    path("orgs/<slug:slug>/orders/<str:reference>/", views.seller_order_detail, name="seller_order_detail"),
    path(
        "orgs/<slug:slug>/orders/<str:reference>/transition/",
        views.seller_order_transition,
        name="seller_order_transition",
    ),
    path(
        "orgs/<slug:slug>/orders/<str:reference>/payment/",
        views.seller_payment_confirm,
        name="seller_payment_confirm",
    ),
    path("orgs/<slug:slug>/orders/<str:reference>/refund/", views.seller_refund, name="seller_refund"),
]
