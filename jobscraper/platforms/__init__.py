"""Platform base spiders: one per careers platform, no ``name``; company spiders configure them."""
