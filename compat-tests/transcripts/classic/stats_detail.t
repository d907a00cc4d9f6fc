# stats detail on/off/dump answer without errors
>>> stats detail on\r\n
<<< OK\r\n
>>> stats detail dump\r\n
<<< END\r\n
>>> stats detail off\r\n
<<< OK\r\n
>>> stats detail\r\n
<<< CLIENT_ERROR usage: stats detail on|off|dump\r\n
>>> stats detail bogus\r\n
<<< CLIENT_ERROR usage: stats detail on|off|dump\r\n
