"""``{% project_inspired project %}``: on a project page, "This inspired version X of technology Y" for each
technology version citing it, and for the organization's owners a link to cite it in a new version
(included by ``catalog/_project_inspired.html``)."""

from django import template

from boucle.catalog.selectors import project_inspired_versions
from boucle.orgs.models import Role
from boucle.orgs.selectors import org_has_role

register = template.Library()


@register.inclusion_tag("catalog/_project_inspired_notice.html", takes_context=True)
def project_inspired(context, project):
    user = getattr(context.get("request"), "user", None)
    can_cite = (
        project.status != "draft"
        and project.hidden_at is None
        and org_has_role(user=user, organization=project.technology.organization, roles=[Role.OWNER])
    )
    return {
        "project": project,
        "versions": list(project_inspired_versions(project=project)[:10]),
        "can_cite": can_cite,
    }
