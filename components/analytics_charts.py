"""ECharts options for the hiring analytics: the funnel, drop-off by question, and score boxplots.

Job titles are typed by people: they appear only as axis labels (drawn on the canvas) and in
richText tooltips, never as HTML.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.services.hiring_analytics import DropOff, FunnelStage, JobScores

FUNNEL_COLORS = ['#4338ca', '#4f46e5', '#6366f1', '#818cf8', '#a5b4fc']
_GRID_LINES = {'lineStyle': {'color': '#eef2f7'}}


def funnel_label(stage: FunnelStage) -> str:
    """The count and the conversion from the stage above ("applied" below "invited": invitations accepted)."""
    if stage.from_previous is None:
        return str(stage.count)
    above = 'of invitations accepted' if stage.key == 'applied' else 'of previous'
    return f'{stage.count}  ({stage.from_previous:.0%} {above})'


def funnel_chart(stages: list[FunnelStage]) -> ui.echart:
    """Horizontal bars, first stage on top, each labelled with its count and conversion from the stage above.
    The "invited" bar is left out when nobody in the range was invited (every candidate applied by link)."""
    ordered = [s for s in reversed(stages) if s.key != 'invited' or s.count]
    labels = [funnel_label(s) for s in ordered]
    return ui.echart({
        'grid': {'left': 170, 'right': 170, 'top': 8, 'bottom': 8},
        'tooltip': {'trigger': 'axis', 'axisPointer': {'type': 'shadow'}, 'renderMode': 'richText'},
        'xAxis': {'type': 'value', 'show': False},
        'yAxis': {'type': 'category', 'data': [s.label for s in ordered], 'axisTick': {'show': False},
                  'axisLabel': {'fontSize': 12, 'color': '#334155'}},
        'series': [{'type': 'bar', 'name': 'Candidates', 'barWidth': '62%', 'data': [
            {'value': s.count, 'itemStyle': {'color': FUNNEL_COLORS[(len(ordered) - 1 - n) % len(FUNNEL_COLORS)],
                                             'borderRadius': [0, 4, 4, 0]},
             'label': {'show': True, 'position': 'right', 'formatter': labels[n], 'color': '#334155'}}
            for n, s in enumerate(ordered)]}],
    })


def drop_off_chart(drop_off: list[DropOff]) -> ui.echart:
    return ui.echart({
        'grid': {'left': 40, 'right': 12, 'top': 16, 'bottom': 40},
        'tooltip': {'trigger': 'axis', 'axisPointer': {'type': 'shadow'}},
        'xAxis': {'type': 'category', 'data': [f'Q{d.question}' for d in drop_off], 'name': 'Question they left at',
                  'nameLocation': 'middle', 'nameGap': 26, 'axisTick': {'show': False}},
        'yAxis': {'type': 'value', 'minInterval': 1, 'splitLine': _GRID_LINES},
        'series': [{'type': 'bar', 'name': 'Abandoned', 'barMaxWidth': 36, 'data': [d.abandoned for d in drop_off],
                    'itemStyle': {'color': '#d97706', 'borderRadius': [3, 3, 0, 0]}}],
    })


def score_boxplot(scores: list[JobScores]) -> ui.echart:
    """One box per job: lowest, lower quartile, median, upper quartile, highest effective score."""
    options: dict[str, Any] = {
        'grid': {'left': 40, 'right': 12, 'top': 16, 'bottom': 56},
        'tooltip': {'trigger': 'item', 'renderMode': 'richText'},
        'xAxis': {'type': 'category', 'data': [s.title for s in scores],
                  'axisLabel': {'interval': 0, 'rotate': 20 if len(scores) > 4 else 0, 'width': 140,
                                'overflow': 'truncate'}},
        'yAxis': {'type': 'value', 'min': 0, 'max': 100, 'splitLine': _GRID_LINES},
        'series': [{'type': 'boxplot', 'name': 'Effective score',
                    'itemStyle': {'color': '#e0e7ff', 'borderColor': '#4338ca'},
                    'data': [[s.low, s.q1, s.median, s.q3, s.high] for s in scores]}],
    }
    return ui.echart(options)
