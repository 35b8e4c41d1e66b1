"""Opening a picture someone chose (a child's photo, the centre's logo) without trusting it: a
20000 × 20000 image would need gigabytes once decoded, and Pillow refuses the largest ones with
an exception of its own. Both become a plain message."""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import BinaryIO, Iterator

from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import _

# Far beyond any photo or logo (a 48-megapixel phone picture is 8000 × 6000).
MAX_PIXELS = 50_000_000


@contextmanager
def opened_image(source: str | BinaryIO, field: str, not_an_image: str,
                 fit: int | None = None) -> Iterator:
    """The image, checked for size before it is decoded; ``fit`` lets a JPEG decode at a
    reduced scale (much less memory for a photo made small anyway)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # the size is checked just below, with a message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source)
    except Image.DecompressionBombError:
        raise too_large(field) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(not_an_image, field) from None
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise too_large(field, width, height)
        if fit is not None and image.format == "JPEG":
            image.draft("RGB", (fit, fit))
        try:
            yield image
        except Image.DecompressionBombError:
            raise too_large(field) from None
        except (OSError, ValueError, SyntaxError):  # truncated or corrupt data
            raise ValidationError(not_an_image, field) from None


def too_large(field: str, width: int | None = None, height: int | None = None
              ) -> ValidationError:
    if width and height:
        return ValidationError(_("This image is too large ({width} × {height} pixels): choose one "
                                 "under 50 megapixels, or make it smaller first.").format(
            width=width, height=height), field)
    return ValidationError(_("This image is too large: choose one under 50 megapixels, or "
                             "make it smaller first."), field)
