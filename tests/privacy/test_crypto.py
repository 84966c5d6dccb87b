"""Envelope encryption: round trips, binding to table/column/row, tampering, key handling."""

from __future__ import annotations

import base64
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casework.models import Goal, Household, Participant
from privacy import keys
from privacy.crypto import (
    Cipher,
    DecryptionError,
    KeyDestroyedError,
    _b64d,
    _b64e,
    blind_index,
    is_envelope,
    new_raw_data_key,
    unwrap_data_key,
    wrap_data_key,
)
from privacy.models import DataKey
from privacy.services import build_data_key, create_data_key
from tests.factories import make_participant

GOOD_KEY = base64.b64encode(b"k" * 32).decode()
OTHER_KEY = base64.b64encode(b"o" * 32).decode()


@pytest.fixture
def fresh_keyring():
    keys.reset_keyring_cache()
    yield
    keys.reset_keyring_cache()


def _seal(datakey, *, model=Participant, column="given_name", row_pk=None, text="Anna"):
    row_pk = row_pk or uuid.uuid4()
    envelope = Cipher().seal(
        datakey=datakey, model=model, column=column, row_pk=row_pk, plaintext=text
    )
    return envelope, row_pk


# --- round trip -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_seal_and_open_round_trip_with_a_fresh_cipher():
    datakey = create_data_key()
    envelope, row_pk = _seal(datakey, text="Ænna Ölçü 👍")
    assert is_envelope(envelope)
    assert "Ænna" not in envelope
    assert envelope.startswith(f"k1.{datakey.pk.hex}.")
    opened = Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=envelope)
    assert opened == "Ænna Ölçü 👍"


@pytest.mark.django_db
def test_same_plaintext_seals_to_different_envelopes():
    datakey = create_data_key()
    row_pk = uuid.uuid4()
    first, _ = _seal(datakey, row_pk=row_pk)
    second, _ = _seal(datakey, row_pk=row_pk)
    assert first != second


@pytest.mark.django_db
def test_empty_values_are_not_stored():
    datakey = create_data_key()
    cipher = Cipher()
    for empty in (None, ""):
        assert (
            cipher.seal(
                datakey=datakey, model=Participant, column="city", row_pk=1, plaintext=empty
            )
            is None
        )
        assert cipher.open(model=Participant, column="city", row_pk=1, envelope=empty) is None


# --- binding to table, column and row --------------------------------------------------------


@pytest.mark.django_db
def test_ciphertext_moved_to_another_row_does_not_decrypt():
    datakey = create_data_key()
    envelope, _ = _seal(datakey)
    with pytest.raises(DecryptionError):
        Cipher().open(
            model=Participant, column="given_name", row_pk=uuid.uuid4(), envelope=envelope
        )


@pytest.mark.django_db
def test_ciphertext_moved_to_another_column_does_not_decrypt():
    datakey = create_data_key()
    envelope, row_pk = _seal(datakey)
    with pytest.raises(DecryptionError):
        Cipher().open(model=Participant, column="family_name", row_pk=row_pk, envelope=envelope)


@pytest.mark.django_db
def test_ciphertext_moved_to_another_table_does_not_decrypt():
    datakey = create_data_key()
    envelope, row_pk = _seal(datakey, column="name", model=Household)
    with pytest.raises(DecryptionError):
        Cipher().open(model=Goal, column="name", row_pk=row_pk, envelope=envelope)
    assert Cipher().open(model=Household, column="name", row_pk=row_pk, envelope=envelope)


@pytest.mark.django_db
def test_ciphertext_copied_between_stored_participants_does_not_decrypt(caseworker_a, team_a):
    first = make_participant(actor=caseworker_a, team=team_a, given_name="Anna")
    second = make_participant(actor=caseworker_a, team=team_a, given_name="Bram")
    Participant.objects.filter(pk=second.pk).update(given_name=first.given_name)
    moved = Participant.objects.get(pk=second.pk)
    with pytest.raises(DecryptionError):
        Cipher().open(
            model=Participant, column="given_name", row_pk=moved.pk, envelope=moved.given_name
        )


# --- tampering --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("position", [0, 5, 12, -1])
def test_tampered_envelope_does_not_decrypt(position):
    datakey = create_data_key()
    envelope, row_pk = _seal(datakey)
    prefix, key_hex, body = envelope.split(".", 2)
    raw = bytearray(_b64d(body))
    raw[position] ^= 0x01
    tampered = f"{prefix}.{key_hex}.{_b64e(bytes(raw))}"
    assert tampered != envelope
    with pytest.raises(DecryptionError):
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=tampered)


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [1, 6, 30, 42])
def test_truncated_envelope_does_not_decrypt(cut):
    datakey = create_data_key()
    envelope, row_pk = _seal(datakey)
    truncated = envelope[:-cut]
    assert is_envelope(truncated)
    with pytest.raises(DecryptionError):
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=truncated)


@pytest.mark.django_db
def test_envelope_with_trailing_newline_is_not_an_envelope():
    datakey = create_data_key()
    envelope, _ = _seal(datakey)
    assert not is_envelope(envelope + "\n")
    assert not is_envelope(" " + envelope)


@pytest.mark.django_db
def test_envelope_under_another_data_key_does_not_decrypt():
    one, other = create_data_key(), create_data_key()
    envelope, row_pk = _seal(one)
    swapped = envelope.replace(one.pk.hex, other.pk.hex)
    with pytest.raises(DecryptionError):
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=swapped)


@pytest.mark.django_db
def test_unknown_data_key_and_non_envelope_refused():
    envelope, row_pk = _seal(build_data_key())  # never saved
    with pytest.raises(DecryptionError):
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=envelope)
    with pytest.raises(DecryptionError):
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope="Anna")


# --- the field refuses plaintext ---------------------------------------------------------------


@pytest.mark.django_db
def test_encrypted_field_refuses_to_save_plaintext(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    participant.given_name = "Anna"
    with pytest.raises(ValueError, match="given_name"), transaction.atomic():
        participant.save()
    with pytest.raises(ValueError, match="family_name"), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(family_name="de Vries")
    participant.given_name = "Anna\n" + participant.family_name  # not an envelope either
    with pytest.raises(ValueError), transaction.atomic():
        participant.save()
    stored = Participant.objects.get(pk=participant.pk)
    assert is_envelope(stored.given_name)
    assert is_envelope(stored.family_name)


@pytest.mark.django_db
def test_encrypted_field_refuses_plaintext_on_create():
    with pytest.raises(ValueError), transaction.atomic():
        Participant.objects.create(data_key=create_data_key(), given_name="Anna")
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_encrypted_field_stores_empty_as_null(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a, family_name="")
    Participant.objects.filter(pk=participant.pk).update(street="")
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.family_name is None
    assert stored.street is None


# --- destroyed keys -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_destroyed_data_key_raises_key_destroyed():
    datakey = create_data_key()
    envelope, row_pk = _seal(datakey)
    DataKey.objects.filter(pk=datakey.pk).update(destroyed_at=timezone.now(), wrapped=None)
    with pytest.raises(KeyDestroyedError):
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=envelope)
    destroyed = DataKey.objects.get(pk=datakey.pk)
    assert destroyed.is_destroyed
    cipher = Cipher().load([destroyed])
    with pytest.raises(KeyDestroyedError):
        cipher.open(model=Participant, column="given_name", row_pk=row_pk, envelope=envelope)
    with pytest.raises(KeyDestroyedError):
        cipher.seal(
            datakey=destroyed, model=Participant, column="city", row_pk=row_pk, plaintext="X"
        )


@pytest.mark.django_db
def test_destroyed_participant_key_makes_history_unreadable(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    DataKey.objects.filter(pk=participant.data_key_id).update(
        destroyed_at=timezone.now(), wrapped=None
    )
    history = Participant.history.filter(id=participant.pk).first()
    with pytest.raises(KeyDestroyedError):
        Cipher().open(
            model=Participant,
            column="given_name",
            row_pk=participant.pk,
            envelope=history.given_name,
        )


# --- key-encryption keys --------------------------------------------------------------------------


@pytest.mark.django_db
def test_data_keys_are_wrapped_under_the_newest_kek():
    assert keys.keyring().current_kek_id == "test2"
    datakey = create_data_key()
    assert datakey.kek_id == "test2"
    assert build_data_key().kek_id == "test2"
    assert DataKey.objects.get(pk=datakey.pk).kek_id == "test2"


@pytest.mark.django_db
def test_key_wrapped_under_older_kek_still_unwraps():
    datakey_id = uuid.uuid4()
    raw = new_raw_data_key()
    kek_id, wrapped = wrap_data_key(datakey_id, raw, kek_id="test1")
    assert kek_id == "test1"
    assert unwrap_data_key(datakey_id, "test1", wrapped) == raw
    with pytest.raises(DecryptionError):
        unwrap_data_key(datakey_id, "test2", wrapped)
    with pytest.raises(DecryptionError):
        unwrap_data_key(uuid.uuid4(), "test1", wrapped)
    old = DataKey.objects.create(id=datakey_id, kek_id=kek_id, wrapped=wrapped)
    envelope, row_pk = _seal(old)
    assert (
        Cipher().open(model=Participant, column="given_name", row_pk=row_pk, envelope=envelope)
        == "Anna"
    )


def test_unknown_kek_id_is_improperly_configured():
    with pytest.raises(ImproperlyConfigured, match="KOERS_KEKS"):
        keys.keyring().kek("gone")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "KOERS_KEKS"),
        ("   ", "KOERS_KEKS"),
        (GOOD_KEY, "KOERS_KEKS"),  # no id at all
        (f":{GOOD_KEY}", "KOERS_KEKS"),  # empty id
        (f"bad id!:{GOOD_KEY}", "KOERS_KEKS"),
        ("a:not-base64!!", "KOERS_KEKS"),
        (f"a:{base64.b64encode(b'short').decode()}", "KOERS_KEKS"),
        (f"a:{base64.b64encode(b'x' * 33).decode()}", "KOERS_KEKS"),
        (f"a:{GOOD_KEY},a:{OTHER_KEY}", "KOERS_KEKS"),
        (f"a:{GOOD_KEY},", "KOERS_KEKS"),
    ],
)
def test_parse_keks_refuses_malformed_lists(value, fragment):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        keys.parse_keks(value)
    assert fragment in str(excinfo.value)


def test_parse_keks_reads_ids_in_order():
    parsed = keys.parse_keks(f"new:{GOOD_KEY}, old:{OTHER_KEY}")
    assert [kek_id for kek_id, _ in parsed] == ["new", "old"]
    assert parsed[0][1] == b"k" * 32


@pytest.mark.usefixtures("fresh_keyring")
@pytest.mark.parametrize("value", ["", None])
def test_keyring_refuses_missing_blind_index_key(value):
    with override_settings(KOERS_BLIND_INDEX_KEY=value):
        keys.reset_keyring_cache()
        with pytest.raises(ImproperlyConfigured, match="KOERS_BLIND_INDEX_KEY"):
            keys.keyring()


@pytest.mark.usefixtures("fresh_keyring")
def test_keyring_refuses_malformed_blind_index_key():
    with override_settings(KOERS_BLIND_INDEX_KEY="abc"):
        keys.reset_keyring_cache()
        with pytest.raises(ImproperlyConfigured, match="KOERS_BLIND_INDEX_KEY"):
            keys.keyring()


@pytest.mark.usefixtures("fresh_keyring")
def test_keyring_refuses_blind_index_key_equal_to_a_kek():
    with override_settings(KOERS_KEKS=f"a:{GOOD_KEY}", KOERS_BLIND_INDEX_KEY=GOOD_KEY):
        keys.reset_keyring_cache()
        with pytest.raises(ImproperlyConfigured, match="KOERS_BLIND_INDEX_KEY"):
            keys.keyring()


@pytest.mark.usefixtures("fresh_keyring")
def test_keyring_refuses_missing_pseudonym_secret():
    with override_settings(KOERS_PSEUDONYM_SECRET=""):
        keys.reset_keyring_cache()
        with pytest.raises(ImproperlyConfigured, match="KOERS_PSEUDONYM_SECRET"):
            keys.keyring()


# --- blind index --------------------------------------------------------------------------------


def test_blind_index_is_deterministic_and_differs_between_kinds():
    first = blind_index("bsn", "111222333")
    assert first == blind_index("bsn", "111222333")
    assert len(first) == 64
    assert first != blind_index("client_ref", "111222333")
    assert first != blind_index("bsn", "123456782")
    assert "111222333" not in first


@pytest.mark.usefixtures("fresh_keyring")
def test_blind_index_depends_on_the_key():
    before = blind_index("bsn", "111222333")
    with override_settings(KOERS_BLIND_INDEX_KEY=OTHER_KEY):
        keys.reset_keyring_cache()
        assert blind_index("bsn", "111222333") != before


@pytest.mark.django_db
def test_seal_refuses_a_row_without_primary_key():
    with pytest.raises(ValueError):
        Cipher().seal(
            datakey=create_data_key(),
            model=Participant,
            column="given_name",
            row_pk=None,
            plaintext="Anna",
        )


@pytest.mark.usefixtures("fresh_keyring")
def test_keyring_refuses_pseudonym_secret_equal_to_another_key():
    with override_settings(KOERS_BLIND_INDEX_KEY=OTHER_KEY, KOERS_PSEUDONYM_SECRET=OTHER_KEY):
        keys.reset_keyring_cache()
        with pytest.raises(ImproperlyConfigured, match="KOERS_PSEUDONYM_SECRET"):
            keys.keyring()
