"""The invitation deadline as an iCalendar (.ics) attachment, so it lands in the candidate's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

from app.db_types import utcnow


def deadline_ics(uid: str, summary: str, description: str, link: str, deadline: datetime) -> str:
    """A one-event calendar: a 30-minute slot ending at the deadline, with a reminder a day before."""
    calendar = Calendar()
    calendar.add('prodid', '-//Panelist//Interview invitation//EN')
    calendar.add('version', '2.0')
    calendar.add('method', 'PUBLISH')
    event = Event()
    event.add('uid', uid)
    event.add('dtstamp', utcnow())
    event.add('dtstart', deadline - timedelta(minutes=30))
    event.add('dtend', deadline)
    event.add('summary', summary)
    event.add('description', f'{description}\n\n{link}')
    event.add('url', link)
    alarm = Alarm()
    alarm.add('action', 'DISPLAY')
    alarm.add('description', summary)
    alarm.add('trigger', timedelta(days=-1))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical().decode('utf-8')
