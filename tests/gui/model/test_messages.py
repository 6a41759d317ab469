"""Every message the engine can give has its Chinese sentence, found by its code, with the same
parameters as the English one."""

import re
import string

import pytest

from core.engine.messages import CONTEXT, MESSAGES
from core.engine.schema import FIELDS

pytestmark = pytest.mark.gui

_FORMAT = string.Formatter()


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMAT.parse(template) if name}


def test_every_code_and_label_is_translated(languages):
    from PySide6.QtCore import QCoreApplication

    languages.switch("zh_CN")
    missing = [code for code, template in MESSAGES.items()
               if QCoreApplication.translate(CONTEXT, template) == template and re.search(r"[a-z]{3}", template)
               and template != "{message}" and template != "{error}"]
    assert missing == []
    for code, template in MESSAGES.items():
        assert _names(QCoreApplication.translate(CONTEXT, template)) == _names(template), code
    assert [f.key for f in FIELDS if QCoreApplication.translate("Field", f.label) == f.label
            and f.label not in ("GradScaler", "zero_grad()")] == []
