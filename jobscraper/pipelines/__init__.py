"""Item pipelines, one class per module; ITEM_PIPELINES in settings orders them."""
