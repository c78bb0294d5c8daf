"""The subcommands of the command line that print one thing of one design (``plan``, ``export``).

They sit under the CLI and over the pipeline: each loads a valid design (``valid_design.py``)
and prints what the stages below made of it.
"""
