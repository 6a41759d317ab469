"""Real images of the chosen dataset or folder, and what they are as tensors."""
