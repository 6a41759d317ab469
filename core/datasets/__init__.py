"""Datasets and their samples: the course's datasets read with torchvision, a user's own image
folder, and what one image is as a tensor."""
