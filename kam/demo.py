"""Demo key accounts: 30 accounts of the four segments and some FMS / RBA / COM visits."""

from __future__ import annotations

import random
from datetime import date, timedelta

from plans.demo import DemoWorld

from .models import Activity as KamActivity
from .models import KeyAccount


def demo_key_accounts(world: DemoWorld, rng: random.Random) -> None:
    offices, now = world.offices, world.now
    for i in range(30):
        account = KeyAccount.objects.create(
            customer_number=f"020{i + 1:05d}",
            name=f"บริษัท อุตสาหกรรมตัวอย่าง {i + 1} จำกัด",
            segment=["Strategic", "Star", "Status", "Streamline"][i % 4],
            office=offices[i % len(offices)],
        )
        for kind in ("FMS", "RBA", "COM"):
            if rng.random() < 0.6:
                KamActivity.objects.create(
                    account=account,
                    office=account.office,
                    kind=kind,
                    date=date(2021, 1, 15) + timedelta(days=rng.randrange(150)),
                    logged_at=now,
                    participants="KAMR",
                )
