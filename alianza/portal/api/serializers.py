from rest_framework import serializers

from alianza.core.api import Serializer


class DataFileSerializer(Serializer):
    key = serializers.CharField(help_text="initiatives, flagships, registry-activities, iati")
    title = serializers.CharField()
    description = serializers.CharField()
    format = serializers.CharField(help_text="csv or xml")
    language = serializers.CharField(help_text="es or en: the language of headers and labels")
    url = serializers.URLField()
    available = serializers.BooleanField(help_text="False: the file cannot be made yet.")
    note = serializers.CharField(help_text="Why the file cannot be made, when it cannot.")


class OpenDataProgramSerializer(Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    portal = serializers.DictField(
        child=serializers.URLField(), help_text="The program's public page, by language."
    )
    files = DataFileSerializer(many=True)
