# with -A, shutdown with an unknown argument
@flags -A
>>> shutdown now\r\n
<<< CLIENT_ERROR invalid shutdown mode\r\n
>>> version\r\n
<<< VERSION 1.6.18\r\n
