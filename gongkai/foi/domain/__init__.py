"""Pure domain rules of disclosure on request (依申请公开); no Django imports."""
