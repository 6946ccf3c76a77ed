"""PROCAP's monitoring settings: the default thresholds, saved as the program's data with a
note on why they flag what the report flags (a load_procap step)."""

from __future__ import annotations

from alianza.monitoring.services import monitoring_settings_update

NOTE_EN = (
    "Default thresholds. Section 5.6 of the report singles out the PDI support (initiative 9), "
    "which spent in four months (October-December 2019) 97% of what the virtual training "
    "spent in three years: with its reconstructed expenditures, PDI support spends about 12 "
    "times the program's median monthly rate over three months, and it is the only initiative "
    "at five times or more over at least a quarter. Budget and deliverable signals wait for "
    "budgets and consultancies, which the report does not give."
)
NOTE_ES = (
    "Umbrales por defecto. La sección 5.6 del informe destaca el apoyo al PDI (iniciativa 9), "
    "que en cuatro meses (octubre-diciembre de 2019) ejerció el 97 % de lo que la formación "
    "virtual ejerció en tres años: con sus gastos reconstruidos, el apoyo al PDI gasta unas 12 "
    "veces la mediana mensual del programa durante tres meses, y es la única iniciativa que "
    "llega a cinco veces o más durante al menos un trimestre. Las señales de presupuesto y de "
    "productos esperan presupuestos y consultorías, que el informe no da."
)


def load_procap_monitoring(*, program, actor, report) -> None:
    monitoring_settings_update(
        program=program, data={"source_note_en": NOTE_EN, "source_note_es": NOTE_ES}, actor=actor
    )
    report.add("monitoring settings")
