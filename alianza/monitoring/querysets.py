"""Reusable reads of monitoring records: settings and period reports belong to a program
(`ProgramChildQuerySet`); notifications to one person."""

from __future__ import annotations

from alianza.audit.guard import AuditedQuerySet


class NotificationQuerySet(AuditedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)
