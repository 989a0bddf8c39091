"""ECharts options for the review pages: a job's score distribution and the four-dimension radar.

Only numbers and fixed labels go into these options, plus candidate names in the compare radar;
that chart's legend is drawn on the canvas and its tooltip in richText mode, so a name is never HTML.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.services.interview.scoring import DIMENSIONS

BAND_COLORS = ['#dc2626'] * 4 + ['#d97706'] * 2 + ['#2563eb'] * 2 + ['#16a34a'] * 2  # Reject, Weak, Medium, Strong
SERIES_COLORS = ['#4f46e5', '#0d9488', '#d97706', '#db2777']


def distribution_chart(buckets: list[int]) -> ui.echart:
    labels = [f'{10 * n}–{10 * n + 9}' if n < 9 else '90–100' for n in range(10)]
    return ui.echart({
        'grid': {'left': 36, 'right': 12, 'top': 16, 'bottom': 28},
        'tooltip': {'trigger': 'axis', 'axisPointer': {'type': 'shadow'}},
        'xAxis': {'type': 'category', 'data': labels, 'axisLabel': {'fontSize': 10}, 'axisTick': {'show': False}},
        'yAxis': {'type': 'value', 'minInterval': 1, 'splitLine': {'lineStyle': {'color': '#eef2f7'}}},
        'series': [{'type': 'bar', 'name': 'Candidates', 'barWidth': '70%',
                    'data': [{'value': count, 'itemStyle': {'color': BAND_COLORS[n], 'borderRadius': [3, 3, 0, 0]}}
                             for n, count in enumerate(buckets)]}],
    })


def radar_chart(series: list[tuple[str, dict[str, float | None]]], *, height: str = 'h-64') -> ui.echart:
    """One polygon per (name, averages 0–5); the first is drawn filled."""
    options: dict[str, Any] = {
        'tooltip': {'trigger': 'item', 'renderMode': 'richText'},
        'radar': {'indicator': [{'name': d.capitalize(), 'max': 5} for d in DIMENSIONS], 'radius': '62%',
                  'splitNumber': 5, 'axisName': {'color': '#475569', 'fontSize': 11}},
        'series': [{'type': 'radar', 'symbolSize': 5, 'data': [{
            'name': name, 'value': [round(values.get(d) or 0.0, 2) for d in DIMENSIONS],
            'lineStyle': {'color': SERIES_COLORS[n % 4], 'width': 2, 'type': 'solid' if n == 0 else 'dashed'},
            'itemStyle': {'color': SERIES_COLORS[n % 4]},
            'areaStyle': {'color': SERIES_COLORS[n % 4], 'opacity': 0.18 if n == 0 else 0.05},
        } for n, (name, values) in enumerate(series)]}],
    }
    if len(series) > 1:
        options['legend'] = {'bottom': 0, 'textStyle': {'fontSize': 11}}
    return ui.echart(options).classes(f'w-full {height}')
