from rest_framework.routers import DefaultRouter

from alianza.finance.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchangerate")
router.register("budget-lines", views.BudgetLineViewSet, basename="budgetline")
router.register("transactions", views.TransactionViewSet, basename="transaction")
router.register("revision-ledger", views.RevisionLedgerViewSet, basename="revisionledger")

urlpatterns = router.urls
