"""The job form's accommodation defaults: typed answers, extra time, re-recording, the contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from app.models import Job
from app.services.accommodations import MAX_RERECORDS, TIME_MULTIPLIERS, TYPED_ANSWER_CHOICES

RERECORD_CHOICES = {n: 'No re-recording' if n == 0 else f'{n} time{"s" if n > 1 else ""}'
                    for n in range(MAX_RERECORDS + 1)}


@dataclass
class AccommodationInputs:
    inputs: dict[str, Any]  # field name → element, so the form can show a field's error beside it

    def values(self) -> dict[str, Any]:
        return {name: element.value for name, element in self.inputs.items()}


def accommodation_fields(job: Job | None) -> AccommodationInputs:
    ui.label('Accommodations (every candidate of this job; you can change them for one candidate on their '
             'page)').classes('text-sm font-medium text-slate-700 mt-2')
    with ui.row().classes('w-full gap-4'):
        typed = ui.select(TYPED_ANSWER_CHOICES, label='Typed answers',
                          value=job.typed_answers if job else 'fallback') \
            .props('outlined').classes('w-72').mark('typed-answers')
        extra = ui.select(TIME_MULTIPLIERS, label='Time', value=job.time_multiplier if job else 1.0) \
            .props('outlined').classes('w-44').mark('time-multiplier')
        rerecord = ui.select(RERECORD_CHOICES, label='Redo an answer',
                             value=job.rerecord_limit if job else 1) \
            .props('outlined').classes('w-44').mark('rerecord-limit')
    contact = ui.input('Contact for an alternative process', value=job.accommodation_contact if job else '') \
        .props('outlined maxlength=254 hint="An email address or a sentence; empty uses the server\'s '
               'ACCOMMODATION_CONTACT"').classes('w-full').mark('accommodation-contact')
    return AccommodationInputs({'typed_answers': typed, 'time_multiplier': extra, 'rerecord_limit': rerecord,
                                'accommodation_contact': contact})
