"""The main window: it composes the model, the inputs and the views, and connects them."""

from .main_window import MainWindow

__all__ = ["MainWindow"]
