# more than 100 leading spaces before a long get close the connection
>>> {repeat:150: }get {repeat:1500:k }
<<<
@close
