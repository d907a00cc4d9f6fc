# quit with arguments
>>> quit now\r\n
<<<
@close
