"""Measuring the training loop on a real CUDA device, and holding it against the prediction.

torch is imported only inside the functions that run on a device."""
