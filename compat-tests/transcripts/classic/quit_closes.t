# quit closes the connection without a reply
>>> quit\r\n
<<<
@close
