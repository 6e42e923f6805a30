"""Checking an office's report template at start-up, so a typo fails there and not at someone's /report."""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, UndefinedError

from models.events.drafts import Qualifier
from models.reporting.partner_work import PartnerWork
from models.reporting.report import LastYear, OutreachKind, ReportFacts, StudyKind, draft_report_section
from models.reporting.report_names import ReportNames
from models.reporting.wording import Total

# A period with nothing logged, and one with something in every list (and every name set), so that every
# branch and loop of the template is rendered once.
SAMPLE_FACTS = (
    ReportFacts(
        period="2022年",
        area="城东街道",
        names=ReportNames(),
        study=(),
        study_events=0,
        practice=(),
        practice_events=0,
        outreach=(),
        outreach_events=0,
        themes=(),
        material_titles=(),
        material_total=Total(0),
        attendance=Total(0),
        consultations=Total(0),
        partner_work=(),
    ),
    ReportFacts(
        period="2022年",
        area="城东街道",
        names=ReportNames("城东街道办事处", "街道党工委", "街道党工委理论学习中心组", "街道党工委会议"),
        study=(
            StudyKind(
                code="study_group",
                name="中心组学法",
                events=12,
                topics=(
                    "习近平法治思想",
                    "《宪法》",
                ),
            ),
            StudyKind(code="pre_meeting_study", name="会前学法", events=6, topics=("《行政复议法》",)),
            StudyKind(code="collective_study", name="集中学法", events=2, topics=()),
        ),
        study_events=20,
        practice=(OutreachKind(code="case_explain", name="以案释法", events=2, attendance=Total(60)),),
        practice_events=2,
        outreach=(OutreachKind(code="law_fair", name="“法律大集”", events=30, attendance=Total(3750)),),
        outreach_events=31,
        themes=("《民法典》", "反电信网络诈骗"),
        material_titles=("《民法典手册》",),
        material_total=Total(3750, Qualifier.MORE),
        attendance=Total(3750, Qualifier.ABOUT),
        consultations=Total(215),
        partner_work=(
            PartnerWork(("幸福社区",), True, ("城东派出所",), True, "反电信网络诈骗主题法治讲座活动", 3),
            PartnerWork(("幸福社区",), True, (), False, "“三八”国际妇女节普法主题宣传活动", 1, True),
        ),
        last_year=LastYear(period="2021年", events=20, attendance=4000),
    ),
)


def template_problem(template: str) -> str | None:
    """What is wrong with a report template, or None: its syntax, and names it uses that do not exist."""
    try:
        for facts in SAMPLE_FACTS:
            for approx in (False, True):
                draft_report_section(facts, approx=approx, template=template)
    except TemplateSyntaxError as error:
        return f"line {error.lineno}: {error.message}"
    except UndefinedError as error:
        return f"uses what the report does not have: {error.message}"
    # The office's own expressions can fail in any way Python can (1 + "份", a filter on a number…).
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None
