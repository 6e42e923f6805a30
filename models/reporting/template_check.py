"""Checking an office's report template at start-up, so a typo fails there and not at someone's /report."""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, UndefinedError

from models.reporting.report import NotableEvent, OutreachKind, ReportFacts, StudyKind, draft_report_section
from models.reporting.summaries import ThemeFigures

# A period with nothing logged, and one with something in every list, so that every branch and loop of
# the template is rendered once.
SAMPLE_FACTS = (
    ReportFacts(
        period="2022年",
        area="城东街道",
        study=(),
        study_events=0,
        outreach=(),
        outreach_events=0,
        themes=(),
        material_titles=(),
        material_total=0,
        attendance=0,
        consultations=0,
        notable=(),
    ),
    ReportFacts(
        period="2022年",
        area="城东街道",
        study=(StudyKind(name="中心组学法", events=12, topics=("宪法", "民法典")),),
        study_events=12,
        outreach=(OutreachKind(name="法律大集", events=30, attendance=3750),),
        outreach_events=30,
        themes=(
            ThemeFigures(
                code="constitution", name_zh="宪法", name_en="Constitution", events=8, attendance=900
            ),
        ),
        material_titles=("《民法典手册》", "普法宣传单"),
        material_total=3750,
        attendance=3750,
        consultations=215,
        notable=(NotableEvent(area="幸福社区", partners=("城东派出所",), activity="防范电信诈骗宣传活动"),),
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
