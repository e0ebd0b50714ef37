"""Knowledge graph of Morocco's AI ecosystem.

The package is cut by pipeline stage: ``documents`` → ``extract`` → ``graph`` →
``validate`` → ``store``, with ``web`` and ``cli`` as thin front ends.
"""

__version__ = "0.1.0"
