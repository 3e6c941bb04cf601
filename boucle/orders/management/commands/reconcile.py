"""``boucle reconcile``: check the royalty ledger and every order against it; exit 1 on any mismatch."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Check that every royalty ledger entry balances and that every paid order line has its royalty credit "
        "(pool = net × rate, split by influence) and every refund its reversal. Exits 1 on any mismatch."
    )

    def handle(self, *args, **options):
        from boucle.orders.reconcile import reconcile

        result = reconcile()
        for problem in result.problems:
            self.stderr.write(problem)
        currencies = sorted(set(result.royalties) | set(result.reversed))
        money = ", ".join(
            f"{c}: credited {result.royalties[c]}, reversed {result.reversed[c]}" for c in currencies
        )
        self.stdout.write(
            f"reconcile: {result.orders} orders, {result.paid_lines} paid lines, {result.refund_lines} refund lines, "
            f"{result.entries} journal entries; royalties {money or 'none'}; {len(result.problems)} problems"
        )
        if not result.ok:
            raise CommandError(
                f"{len(result.problems)} mismatches between the orders and the royalty ledger."
            )
