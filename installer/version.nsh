; The version the installer carries; must equal [project] version in pyproject.toml
; (tests/desktop/test_build_spec.py checks it). VERSION_QUAD is the 4-part form Windows wants.
; makensis /DVERSION=... /DVERSION_QUAD=... overrides both: the Windows workflow packs the same
; build as an older version to test an upgrade.
!ifndef VERSION
  !define VERSION "0.1.0"
  !define VERSION_QUAD "0.1.0.0"
!endif
