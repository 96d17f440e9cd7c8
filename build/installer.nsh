; NSIS additions for the Hybrid Mailbox Console installer (included by electron-builder).
; "Open with > Hybrid Mailbox Console" for .log files: the app registers a ProgId and lists it in
; .log's OpenWithProgids, and never writes .log's default value, so whatever opens .log files
; today keeps doing so. SHCTX is HKCU for a per-user install and HKLM for a per-machine one.

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\HybridMailboxConsole.log" "" "Log file (Hybrid Mailbox Console)"
  WriteRegStr SHCTX "Software\Classes\HybridMailboxConsole.log\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\HybridMailboxConsole.log\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Classes\.log\OpenWithProgids" "HybridMailboxConsole.log" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  DeleteRegValue SHCTX "Software\Classes\.log\OpenWithProgids" "HybridMailboxConsole.log"
  DeleteRegKey SHCTX "Software\Classes\HybridMailboxConsole.log"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
