from ninja import NinjaAPI

from boucle import __version__
from boucle.api import errors
from boucle.api.auth import AUTH

api = NinjaAPI(
    title="Boucle API",
    version=__version__,
    description=(
        "Read and write everything Boucle shows. Authenticate with a personal token "
        "(`Authorization: Bearer bcl_...`, created on your profile page) or a browser session. "
        'Errors are JSON: `{"detail": ..., "errors": {field: [...]}}`.'
    ),
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)

from boucle.accounts.api import router as accounts_router  # noqa: E402
from boucle.activity.api import router as activity_router  # noqa: E402
from boucle.catalog.api import router as catalog_router  # noqa: E402
from boucle.challenges.api import router as challenges_router  # noqa: E402
from boucle.community.api import router as community_router  # noqa: E402
from boucle.ledger.api import router as ledger_router  # noqa: E402
from boucle.makes.api import router as makes_router  # noqa: E402
from boucle.moderation.api import router as moderation_router  # noqa: E402
from boucle.notifications.api import router as notifications_router  # noqa: E402
from boucle.opinions.api import router as opinions_router  # noqa: E402
from boucle.orders.api import router as orders_router  # noqa: E402
from boucle.orgs.api import router as orgs_router  # noqa: E402
from boucle.projects.api import router as projects_router  # noqa: E402
from boucle.realization.api import router as realization_router  # noqa: E402
from boucle.reviews.api import router as reviews_router  # noqa: E402
from boucle.search.api import router as search_router  # noqa: E402
from boucle.studio.api import router as studio_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/orgs", orgs_router)
api.add_router("/technologies", catalog_router)
api.add_router("/challenges", challenges_router)
api.add_router("/projects", projects_router)
api.add_router("/", reviews_router)
api.add_router("/comments", community_router)
api.add_router("/", activity_router)
api.add_router("/notifications", notifications_router)
api.add_router("/search", search_router)
api.add_router("/moderation", moderation_router)
api.add_router("/", studio_router)
api.add_router("/opinions", opinions_router)
api.add_router("/", realization_router)
api.add_router("/makes", makes_router)
api.add_router("/", orders_router)
api.add_router("/", ledger_router)
