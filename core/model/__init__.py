"""The records every part of the engine shares: findings and their catalogue, a file's report,
and identity (who a pupil is, which school and month a submission is from).

Nothing here reads a file or knows a form's layout; everything else in core may import it.
"""
