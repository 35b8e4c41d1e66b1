"""Bad input gets a message beside its field, never a traceback: odd digits and endless numbers
in the paper sheet box, gigantic images, dates typed in year 0001."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from centre_desk.core.dates import check_plausible
from centre_desk.core.errors import ValidationError
from centre_desk.core.models import Child
from centre_desk.core.services import activities, attendance, children, families, records
from centre_desk.core.services.activities import ActivityData, Slot
from centre_desk.core.services.centre import read_logo
from centre_desk.core.services.records import EntryData
from tests.child_helpers import identity, mother, register
from tests.image_helpers import png_announcing


@pytest.mark.parametrize("typed", ["²", "3 ²", "①", "3.5", "9" * 5000, "12345"])
def test_odd_digits_and_endless_numbers_are_a_message(typed):
    with pytest.raises(ValidationError) as error:
        attendance.parse_numbers(typed)
    assert error.value.field == "numbers" and len(error.value.message) < 200


def test_numbers_may_be_typed_with_arabic_digits_and_commas():
    assert attendance.parse_numbers("٣ ٧، 12") == [3, 7, 12]
    assert attendance.parse_numbers("  ") == []


@pytest.mark.parametrize("width,height", [(20000, 20000), (10000, 9000)])
def test_a_gigantic_photo_or_logo_is_refused_before_it_is_decoded(tmp_path, width, height):
    path = tmp_path / "huge.png"
    path.write_bytes(png_announcing(width, height))
    with pytest.raises(ValidationError) as photo:
        children.read_photo(path)
    assert photo.value.field == "photo" and "50" in photo.value.message
    with pytest.raises(ValidationError) as logo:
        read_logo(path.read_bytes())
    assert logo.value.field == "logo" and "50" in logo.value.message


def test_a_real_picture_still_goes_in_and_a_truncated_one_is_a_message(tmp_path):
    output = io.BytesIO()
    Image.new("RGB", (1200, 900), "#3366aa").save(output, format="JPEG")
    path = tmp_path / "photo.jpg"
    path.write_bytes(output.getvalue())
    with Image.open(io.BytesIO(children.read_photo(path))) as small:
        assert max(small.size) <= children.PHOTO_SIZE
    path.write_bytes(output.getvalue()[:400])
    with pytest.raises(ValidationError) as error:
        children.read_photo(path)
    assert "photo.jpg" in error.value.message


def test_dates_outside_1990_to_next_year_are_refused_beside_their_field(centre):
    _opened, admin = centre
    year_one = dt.date(1, 1, 1)
    with pytest.raises(ValidationError) as entry:
        register(admin, identity(entry_date=year_one))
    assert entry.value.field == "entry_date" and "1990" in entry.value.message
    assert Child.select().count() == 0
    child_id = register(admin, guardian=mother())
    with pytest.raises(ValidationError) as exit_date:
        children.update_identity(admin, child_id, identity(status="left", exit_date=year_one,
                                                           entry_date=dt.date(2025, 9, 15)))
    assert exit_date.value.field == "exit_date"
    with pytest.raises(ValidationError) as entry_date:
        records.add_entry(admin, child_id, "school", EntryData(year_one, "result", "x", ""))
    assert entry_date.value.field == "on_date"
    with pytest.raises(ValidationError, match="1990") as activity:
        activities.create_activity(admin, ActivityData(
            kind="workshop", name="Théâtre", start_date=year_one,
            slots=[Slot(2, "15:00", "17:00")]))
    assert activity.value.field == "period"
    with pytest.raises(ValidationError, match="1990") as closure:
        activities.add_closure(admin, year_one, dt.date(2026, 1, 2), "Erreur")
    assert closure.value.field == "start"
    household_id = Child.get_by_id(child_id).household_id
    with pytest.raises(ValidationError, match="1990"):
        families.set_document(admin, household_id, "birth_certificate", year_one)
    check_plausible(dt.date(1990, 1, 1), "x")
    check_plausible(dt.date(dt.date.today().year + 1, 12, 31), "x")
    with pytest.raises(ValidationError, match="1990"):
        check_plausible(dt.date(dt.date.today().year + 2, 1, 1), "x")
