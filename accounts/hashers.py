"""Password hashing at OWASP's recommendation (Password Storage Cheat Sheet): Argon2id, one lane.

OWASP lists five Argon2id settings it holds equally strong (m=46 MiB t=1, 19 MiB t=2, 12 MiB t=3, 9 MiB t=4,
7 MiB t=5, all p=1). A quarter-end sign-in storm is CPU-bound, so we take the one that measured cheapest on our
server (CPU ms per hash, best of 40 on the 2-core development machine: 46.1, 16.8, 14.9, 15.6, 14.0); the
PBKDF2 it replaces (Django 6.1's 1,500,000 iterations) costs ~345 ms. Django's own Argon2 default (100 MiB,
t=2, p=8) costs more CPU for no advantage on two cores. Stored hashes of any other kind or setting are
rehashed with this one at the user's next sign-in (Django's check_password does it: this hasher is first in
PASSWORD_HASHERS and its must_update compares the parameters).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with m=7 MiB, t=5, p=1: OWASP's cheapest-to-verify setting of its five equal ones."""

    # The algorithm name stays "argon2": the stored form is the standard $argon2id$v=19$m=…,t=…,p=… string,
    # readable by Django's own hasher if this class is ever removed.
    memory_cost = 7 * 1024  # KiB
    time_cost = 5
    parallelism = 1
