# a request line over 2048 bytes without a newline closes the connection silently
>>> set {repeat:3000:x}
<<<
@close
