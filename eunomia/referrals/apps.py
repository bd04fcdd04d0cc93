from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "eunomia.referrals"
    label = "referrals"
