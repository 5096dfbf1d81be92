"""The learning loop: what pyfw could not answer, and what people thought of its answers. Plain Python over Redis.

`gaps` records questions answered with less than high confidence (text, time, surface; never who asked) and reads
them back; `votes` signs the 👍/👎 button values and counts each person's vote once; `grouping` groups similar
questions for a curator; `recorder` keeps Redis off the request path; `loop` puts them together for the shells.
"""
